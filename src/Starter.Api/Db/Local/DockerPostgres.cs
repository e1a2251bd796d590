using Npgsql;

namespace Starter.Db.Local;

/// <summary>
/// The fallback where no PostgreSQL binaries are installed but a Docker engine runs: the official
/// image, published on a random loopback port. Dev reuses one named container (and its volume);
/// tests get a throwaway one. Uses the docker CLI, so the app carries no container library.
/// </summary>
internal static class DockerPostgres
{
    private const string Image = "postgres:17-alpine";
    private const string DevPassword = "postgres";

    public static async Task<bool> EngineRunsAsync(CancellationToken ct) =>
        Shell.Which("docker") is not null
        && (await Shell.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], ct, TimeSpan.FromSeconds(15))).Ok;

    /// <summary>The dev container's name when it exists (running or not) on a running engine; null otherwise.</summary>
    public static async Task<string?> DevContainerAsync(CancellationToken ct)
    {
        var name = $"{Naming.Slug}-dev-postgres";
        return await EngineRunsAsync(ct) && (await Shell.RunAsync("docker", ["container", "inspect", name], ct)).Ok ? name : null;
    }

    public static async Task RemoveDevContainerAsync(string name, CancellationToken ct)
    {
        await CheckedAsync(["rm", "-f", name], ct);
        await CheckedAsync(["volume", "rm", $"{name}-data"], ct);
    }

    public static async Task<LocalPostgres> StartAsync(LocalPostgresRequest request, ILogger log, CancellationToken ct)
    {
        var name = $"{Naming.Slug}-{request.Purpose}-postgres" + (request.Disposable ? $"-{Environment.ProcessId}" : "");
        var password = request.Disposable ? Convert.ToHexString(Guid.NewGuid().ToByteArray()) : DevPassword;

        var reused = !request.Disposable && (await Shell.RunAsync("docker", ["start", name], ct)).Ok;
        if (!reused)
        {
            List<string> run = ["run", "-d", "--name", name, "-p", "127.0.0.1::5432", "-e", $"POSTGRES_PASSWORD={password}"];
            run.AddRange(request.Disposable
                ? ["--rm", "--tmpfs", "/var/lib/postgresql/data", Image, "-c", "fsync=off"]
                : ["-v", $"{name}-data:/var/lib/postgresql/data", Image]);
            await CheckedAsync(run, ct);
        }

        // "docker port" prints e.g. 127.0.0.1:49153.
        var published = (await CheckedAsync(["port", name, "5432/tcp"], ct)).Split('\n')[0].Trim();
        var port = int.Parse(published[(published.LastIndexOf(':') + 1)..]);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = password,
            Database = "postgres",
        }.ConnectionString;
        await WaitUntilReadyAsync(connectionString, ct);

        var what = $"PostgreSQL container {name} on 127.0.0.1:{port}";
        var action = reused ? "Restarted" : "Started";
        log.Provisioned(action, what);
        return new LocalPostgres(connectionString, what,
            async () => await Shell.RunAsync("docker", ["stop", name], CancellationToken.None),
            () => Shell.RunAsync("docker", ["pause", name], CancellationToken.None),
            () => Shell.RunAsync("docker", ["unpause", name], CancellationToken.None));
    }

    private static async Task<string> CheckedAsync(List<string> args, CancellationToken ct)
    {
        var result = await Shell.RunAsync("docker", args, ct, TimeSpan.FromMinutes(5));
        return result.Ok ? result.Output : throw new InvalidOperationException($"docker {args[0]} failed: {result.Output}");
    }

    /// <summary>The entrypoint restarts the server once after its init scripts, so poll until a query works.</summary>
    private static async Task WaitUntilReadyAsync(string connectionString, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, ct);
            }
        }
    }
}
