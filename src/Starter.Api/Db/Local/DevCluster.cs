namespace Starter.Db.Local;

/// <summary>
/// <c>db local</c> and <c>db local remove</c>: where command one's local PostgreSQL lives (the
/// checkout's <c>.data/postgres</c>, or its temp-folder fallback, or a Docker container) and its
/// removal, server stopped first. The next <c>dotnet run</c> makes a new one.
/// </summary>
public static class DevCluster
{
    public static async Task<int> DescribeAsync(string folder, TextWriter output, CancellationToken ct)
    {
        var found = Existing(folder);
        foreach (var cluster in found)
        {
            var state = PostgresCluster.RunningPortIn(cluster) is { } port ? $"running on 127.0.0.1:{port}" : "stopped";
            await output.WriteLineAsync($"Dev PostgreSQL cluster: {cluster} ({state}); database {Naming.Database("dev")}.");
        }
        var container = await DockerPostgres.DevContainerAsync(ct);
        if (container is not null)
        {
            await output.WriteLineAsync($"Dev PostgreSQL container: {container} (volume {container}-data).");
        }
        if (found.Count == 0 && container is null)
        {
            await output.WriteLineAsync($"No dev PostgreSQL yet: dotnet run makes one in {folder} "
                + $"(or {PostgresCluster.FallbackFolder(folder)} when the server's user cannot reach it).");
        }
        else
        {
            await output.WriteLineAsync("Remove it with: dotnet run --project src/Starter.Api -- db local remove");
        }
        return 0;
    }

    public static async Task<int> RemoveAsync(string folder, TextWriter output, CancellationToken ct)
    {
        var found = Existing(folder);
        foreach (var cluster in found)
        {
            await PostgresCluster.RemoveAsync(cluster, ct);
            await output.WriteLineAsync($"Stopped and removed the dev PostgreSQL cluster at {cluster}.");
        }
        var container = await DockerPostgres.DevContainerAsync(ct);
        if (container is not null)
        {
            await DockerPostgres.RemoveDevContainerAsync(container, ct);
            await output.WriteLineAsync($"Removed the dev PostgreSQL container {container} and its volume.");
        }
        if (found.Count == 0 && container is null)
        {
            await output.WriteLineAsync("No dev PostgreSQL to remove.");
        }
        return 0;
    }

    private static List<string> Existing(string folder) =>
        [.. new[] { folder, PostgresCluster.FallbackFolder(folder) }.Where(PostgresCluster.IsCluster)];
}
