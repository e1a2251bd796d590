using System.Diagnostics;
using Npgsql;
using Starter.Db.Local;

namespace Starter.Tests.Infrastructure;

/// <summary>
/// A real PgBouncer in transaction mode in front of one database, configured as the deploy stack
/// runs it (deploy/local/pgbouncer.ini): for the failures only a pooler reports. Installed with
/// apt-get when missing and this process is root, as the test database server provisions itself;
/// run as the server's unprivileged user, since PgBouncer, like PostgreSQL, refuses root.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    // sbin is not on every user's PATH.
    private static readonly string[] SbinPlaces = ["/usr/sbin/pgbouncer", "/usr/local/sbin/pgbouncer"];

    private readonly Process _process;
    private readonly string _folder;

    private PgBouncer(Process process, string folder, string connectionString)
    {
        _process = process;
        _folder = folder;
        ConnectionString = connectionString;
    }

    /// <summary>Where the app connects: PgBouncer, with the same user, password and database.</summary>
    public string ConnectionString { get; }

    public static async Task<PgBouncer> StartAsync(string serverConnectionString)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var binary = await FindOrInstallAsync(ct);
        var runAs = await PostgresCluster.UnprivilegedUserAsync(ct);
        var folder = Path.Combine(Path.GetTempPath(), "starter-test-pgbouncer", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var port = PostgresCluster.FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "userlist.txt"), $"\"{server.Username}\" \"\"\n", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "pgbouncer.ini"), $"""
            [databases]
            {server.Database} = host={server.Host} port={server.Port} dbname={server.Database} user={server.Username} password={server.Password}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {folder}/userlist.txt
            pool_mode = transaction
            server_login_retry = 1
            query_wait_timeout = 5
            default_pool_size = 10
            max_client_conn = 200
            ignore_startup_parameters = extra_float_digits
            logfile = {folder}/pgbouncer.log
            """, ct);
        if (runAs is not null)
        {
            await CheckedAsync("chown", ["-R", runAs, folder], ct);
        }
        // Quiet: it logs to its file only; a pipe nobody drains would block it once full.
        var start = new ProcessStartInfo(runAs is null ? binary : "runuser");
        foreach (var arg in (string[])[.. runAs is null ? [] : (string[])["-u", runAs, "--", binary], "--quiet", Path.Combine(folder, "pgbouncer.ini")])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var bouncer = new PgBouncer(process, folder, new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Host = "127.0.0.1",
            Port = port,
        }.ConnectionString);
        await bouncer.WaitUntilListeningAsync(port);
        return bouncer;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        if (!await TcpPort.WaitUntilListeningAsync(port, () => !_process.HasExited))
        {
            var log = Path.Combine(_folder, "pgbouncer.log");
            throw new InvalidOperationException(
                $"PgBouncer did not listen on {port}: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "no log")}");
        }
    }

    private static async Task<string> FindOrInstallAsync(CancellationToken ct)
    {
        string? Find() => Shell.Which("pgbouncer") ?? SbinPlaces.FirstOrDefault(File.Exists);
        if (Find() is { } found)
        {
            return found;
        }
        if (Environment.UserName != "root" || Shell.Which("apt-get") is null)
        {
            throw new InvalidOperationException("These tests need PgBouncer 1.18 or later on PATH: apt-get install pgbouncer (or your system's package).");
        }
        // A fresh machine's package lists may be missing or stale: update once, then install.
        if (!(await Shell.RunAsync("apt-get", ["install", "-y", "-qq", "pgbouncer"], ct)).Ok)
        {
            await CheckedAsync("apt-get", ["update", "-qq"], ct);
            await CheckedAsync("apt-get", ["install", "-y", "-qq", "pgbouncer"], ct);
        }
        return Find() ?? throw new InvalidOperationException("apt-get installed pgbouncer, yet it is not found.");
    }

    private static async Task CheckedAsync(string program, string[] args, CancellationToken ct)
    {
        var result = await Shell.RunAsync(program, args, ct);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {result.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
