namespace Starter.Db.Local;

/// <summary>
/// Gets a PostgreSQL server for dev or tests when none is configured: from the PostgreSQL binaries on
/// this machine, else from Docker, else fails with one line that says what to install or set.
/// Shared by <c>dotnet run</c> (Development) and the test suite.
/// </summary>
public static class LocalPostgresProvisioner
{
    public static async Task<LocalPostgres> StartAsync(LocalPostgresRequest request, ILogger log, CancellationToken ct = default)
    {
        try
        {
            if (await PostgresBinaries.FindAsync(ct) is { } binDir)
            {
                return await PostgresCluster.StartAsync(binDir, request, log, ct);
            }
            if (await DockerPostgres.EngineRunsAsync(ct))
            {
                return await DockerPostgres.StartAsync(request, log, ct);
            }
        }
        catch (InvalidOperationException e)
        {
            throw new Core.StartupException($"Could not provision a local PostgreSQL: {e.Message}");
        }

        throw new Core.StartupException(
            "No PostgreSQL found: set DATABASE_URL (TEST_DATABASE_URL for tests), install the PostgreSQL server "
            + $"(apt-get install postgresql, brew install postgresql@17, …; or point {PostgresBinaries.OverrideVariable} "
            + "at its bin folder), or start a Docker engine.");
    }
}
