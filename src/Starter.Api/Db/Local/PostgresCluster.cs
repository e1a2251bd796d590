using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Starter.Db.Local;

/// <summary>
/// A cluster made with the machine's own PostgreSQL binaries. Its folder holds <c>data/</c> (PGDATA),
/// <c>password</c>, <c>port</c>, <c>server.log</c> and, when disposable, <c>owner.pid</c>.
/// PostgreSQL refuses to run as root, so under root every server command runs as an unprivileged
/// user (<c>postgres</c>, or <c>PG_OS_USER</c>).
/// </summary>
internal sealed class PostgresCluster
{
    public const string OsUserVariable = "PG_OS_USER";

    private readonly string _binDir;
    private readonly string? _runAs;
    private readonly string _root;

    private PostgresCluster(string binDir, string? runAs, string root)
    {
        _binDir = binDir;
        _runAs = runAs;
        _root = root;
    }

    private string DataDir => Path.Combine(_root, "data");

    public static async Task<LocalPostgres> StartAsync(string binDir, LocalPostgresRequest request, ILogger log, CancellationToken ct)
    {
        var runAs = await UnprivilegedUserAsync(ct);
        var root = Path.GetFullPath(request.ClusterDirectory);
        if (request.Disposable)
        {
            await RemoveAbandonedAsync(binDir, runAs, Path.GetDirectoryName(root)!, ct);
        }

        root = await ReachableFolderAsync(root, runAs, log, ct);
        var cluster = new PostgresCluster(binDir, runAs, root);
        if (request.Disposable)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(), ct);
        }

        var created = await cluster.InitIfNeededAsync(request.Disposable, ct);
        var (port, started) = await cluster.StartIfStoppedAsync(ct);
        var password = (await File.ReadAllTextAsync(Path.Combine(root, "password"), ct)).Trim();
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = password,
            Database = "postgres",
        }.ConnectionString;

        var what = $"PostgreSQL cluster at {root} on 127.0.0.1:{port}";
        var action = (created, started) switch
        {
            (true, _) => "Created and started",
            (false, true) => "Started",
            _ => "Reusing the running",
        };
        log.Provisioned(action, what);

        return new LocalPostgres(connectionString, what, async () =>
        {
            // A server this process found running belongs to whoever started it.
            if (started)
            {
                await cluster.StopAsync(immediate: false, CancellationToken.None);
            }
            if (request.Disposable)
            {
                Directory.Delete(root, recursive: true);
            }
        },
        () => cluster.StopAsync(immediate: false, CancellationToken.None),
        () => cluster.StartIfStoppedAsync(CancellationToken.None));
    }

    /// <summary>
    /// Under root, the user that servers refusing root run as (<c>PG_OS_USER</c>, else postgres);
    /// null otherwise. Also used by the tests' PgBouncer, which refuses root too.
    /// </summary>
    public static async Task<string?> UnprivilegedUserAsync(CancellationToken ct)
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            return null;
        }
        var user = Environment.GetEnvironmentVariable(OsUserVariable) is { Length: > 0 } u ? u : "postgres";
        if (Shell.Which("runuser") is null || !(await Shell.RunAsync("id", ["-u", user], ct)).Ok)
        {
            throw new InvalidOperationException(
                $"PostgreSQL will not run as root, and there is no user '{user}' to run it as (with runuser): "
                + $"create one (useradd --system {user}), name another in {OsUserVariable}, or set DATABASE_URL.");
        }
        return user;
    }

    /// <summary>
    /// Creates the cluster folder and, under root, hands it to the server's user. A checkout under a
    /// closed folder (such as /root) is out of that user's reach: the cluster then lives in the temp
    /// folder instead, under a name tied to the checkout so it is found again next run.
    /// </summary>
    private static async Task<string> ReachableFolderAsync(string root, string? runAs, ILogger log, CancellationToken ct)
    {
        Directory.CreateDirectory(root);
        if (runAs is null)
        {
            return root;
        }
        await CheckedAsync("chown", ["-R", runAs, root], ct);
        if ((await Shell.RunAsync("runuser", ["-u", runAs, "--", "test", "-w", root], ct)).Ok)
        {
            return root;
        }

        var fallback = FallbackFolder(root);
        log.Provisioned($"User '{runAs}' cannot reach {root}; using", fallback);
        Directory.CreateDirectory(fallback);
        await CheckedAsync("chown", ["-R", runAs, fallback], ct);
        return fallback;
    }

    /// <summary>
    /// The temp-folder home of a cluster whose own folder the server's user cannot reach: named after
    /// the app and the checkout, plus a hash of the full path so two clones of one name stay apart.
    /// </summary>
    public static string FallbackFolder(string root)
    {
        var key = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..12].ToLowerInvariant();
        var checkout = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(root))));
        var name = Naming.Slug + "-postgres-" + (string.IsNullOrEmpty(checkout) ? "" : Naming.SlugOf(checkout) + "-") + key;
        return Path.Combine(Path.GetTempPath(), name);
    }

    /// <summary>Whether <paramref name="folder"/> holds a cluster (an empty folder left by a fallback does not count).</summary>
    public static bool IsCluster(string folder) => File.Exists(Path.Combine(folder, "data", "PG_VERSION"));

    /// <summary>The port of the server running on the cluster in <paramref name="folder"/>, or null when it is stopped.</summary>
    public static int? RunningPortIn(string folder)
    {
        var pidFile = Path.Combine(folder, "data", "postmaster.pid");
        var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
        return lines.Length > 3 && int.TryParse(lines[0], out var pid) && IsAlive(pid) && int.TryParse(lines[3], out var port) ? port : null;
    }

    /// <summary>Stops the server of the cluster in <paramref name="folder"/> if it runs, then deletes the folder.</summary>
    public static async Task RemoveAsync(string folder, CancellationToken ct)
    {
        if (RunningPortIn(folder) is not null)
        {
            var binDir = await PostgresBinaries.FindAsync(ct)
                ?? throw new InvalidOperationException($"The server in {folder} runs, and no PostgreSQL binaries were found to stop it.");
            var stop = await new PostgresCluster(binDir, await UnprivilegedUserAsync(ct), folder).StopAsync(immediate: false, ct);
            if (!stop.Ok)
            {
                throw new InvalidOperationException($"pg_ctl stop failed: {stop.Output}");
            }
        }
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Runs initdb into a side folder and renames it, so a killed initdb leaves nothing half-made.</summary>
    private async Task<bool> InitIfNeededAsync(bool disposable, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(DataDir, "PG_VERSION")))
        {
            return false;
        }

        var staging = DataDir + ".init";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (_runAs is not null)
        {
            await CheckedAsync("chown", [_runAs, passwordFile], ct);
        }

        List<string> initdb = ["-D", staging, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}",
            "--encoding=UTF8", "--locale=C", "--no-instructions"];
        if (disposable)
        {
            initdb.Add("--no-sync");
        }
        await ServerToolAsync("initdb", initdb, ct);

        // Loopback TCP only: no Unix socket, nothing reachable from another machine.
        List<string> settings = ["listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", "max_connections = 200"];
        if (disposable)
        {
            // Test data is thrown away: durability only costs time.
            settings.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off"]);
        }
        await File.AppendAllLinesAsync(Path.Combine(staging, "postgresql.conf"), settings, ct);
        Directory.Move(staging, DataDir);
        return true;
    }

    private async Task<(int Port, bool Started)> StartIfStoppedAsync(CancellationToken ct)
    {
        if ((await ServerToolAsync("pg_ctl", ["status", "-D", DataDir], ct, check: false)).Ok
            && RunningPort() is { } running)
        {
            return (running, false);
        }

        var portFile = Path.Combine(_root, "port");
        var port = File.Exists(portFile) && int.TryParse(await File.ReadAllTextAsync(portFile, ct), out var saved) && IsFree(saved)
            ? saved
            : FreePort();
        var log = Path.Combine(_root, "server.log");
        var start = await ServerToolAsync("pg_ctl",
            ["start", "-D", DataDir, "-l", log, "-w", "-t", "60", "-o", $"-p {port}"], ct, check: false);
        if (!start.Ok)
        {
            var tail = File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(5)) : start.Output;
            throw new InvalidOperationException($"PostgreSQL did not start: {tail}");
        }
        await File.WriteAllTextAsync(portFile, port.ToString(), ct);
        return (port, true);
    }

    /// <summary>postmaster.pid's fourth line is the port the running server listens on.</summary>
    private int? RunningPort()
    {
        var pidFile = Path.Combine(DataDir, "postmaster.pid");
        var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private Task<Shell.Result> StopAsync(bool immediate, CancellationToken ct) =>
        ServerToolAsync("pg_ctl", ["stop", "-D", DataDir, "-m", immediate ? "immediate" : "fast", "-w", "-t", "30"], ct, check: false);

    /// <summary>Clusters of test runs that were killed: stop their servers and delete them.</summary>
    private static async Task RemoveAbandonedAsync(string binDir, string? runAs, string parent, CancellationToken ct)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }
        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            var ownerFile = Path.Combine(dir, "owner.pid");
            if (!File.Exists(ownerFile) || (int.TryParse(File.ReadAllText(ownerFile), out var owner) && IsAlive(owner)))
            {
                continue;
            }
            var abandoned = new PostgresCluster(binDir, runAs, dir);
            if (File.Exists(Path.Combine(abandoned.DataDir, "postmaster.pid")))
            {
                await abandoned.StopAsync(immediate: true, ct);
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<Shell.Result> ServerToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct, bool check = true)
    {
        var path = Path.Combine(_binDir, tool);
        var result = _runAs is null
            ? await Shell.RunAsync(path, args, ct)
            : await Shell.RunAsync("runuser", ["-u", _runAs, "--", path, .. args], ct);
        return !check || result.Ok ? result : throw new InvalidOperationException($"{tool} failed: {result.Output}");
    }

    private static async Task CheckedAsync(string program, IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await Shell.RunAsync(program, args, ct);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{program} failed: {result.Output}");
        }
    }

    /// <summary>A loopback port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
