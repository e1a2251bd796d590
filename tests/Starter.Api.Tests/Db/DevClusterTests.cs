using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Starter.Db.Cli;
using Starter.Db.Local;

namespace Starter.Tests.Db;

/// <summary><c>db local</c> and <c>db local remove</c> on a checkout of their own (a temp folder with a solution file).</summary>
public sealed class DevClusterTests : IDisposable
{
    private readonly string _checkout = Directory.CreateTempSubdirectory("starter-checkout-").FullName;

    public DevClusterTests() => File.WriteAllText(Path.Combine(_checkout, "Test.slnx"), "<Solution />");

    [Fact]
    public async Task Local_WithNoClusterYet_SaysWhereDotnetRunWillMakeIt()
    {
        var (exitCode, output) = await RunAsync("local");

        Assert.Equal(0, exitCode);
        Assert.Contains($"No dev PostgreSQL yet: dotnet run makes one in {Path.Combine(_checkout, ".data", "postgres")}", output);
        Assert.Contains(PostgresCluster.FallbackFolder(Path.Combine(_checkout, ".data", "postgres")), output);
    }

    [Fact]
    public async Task LocalRemove_StopsTheRunningClusterAndDeletesIt()
    {
        if (await PostgresBinaries.FindAsync(TestContext.Current.CancellationToken) is null)
        {
            return; // A machine that tests against TEST_DATABASE_URL only: nothing to provision here.
        }
        var folder = Path.Combine(_checkout, ".data", "postgres");
        await using var server = await LocalPostgresProvisioner.StartAsync(new LocalPostgresRequest("dev", folder, Disposable: false), NullLogger.Instance, TestContext.Current.CancellationToken);
        // A checkout the server's user cannot reach (this temp folder is 0700, when tests run as root)
        // puts the cluster in the temp-folder fallback: db local finds it there too.
        var cluster = PostgresCluster.IsCluster(folder) ? folder : PostgresCluster.FallbackFolder(folder);

        var (describeCode, described) = await RunAsync("local");
        var (removeCode, removed) = await RunAsync("local", "remove");

        Assert.Equal(0, describeCode);
        Assert.Matches($@"Dev PostgreSQL cluster: {Regex.Escape(cluster)} \(running on 127\.0\.0\.1:\d+\)", described);
        Assert.Equal(0, removeCode);
        Assert.Contains($"Stopped and removed the dev PostgreSQL cluster at {cluster}.", removed);
        Assert.False(Directory.Exists(cluster));
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var exitCode = await DbCommand.RunAsync([.. args, "--contentRoot", _checkout], output, new StringWriter());
        return (exitCode, output.ToString());
    }

    public void Dispose() => Directory.Delete(_checkout, recursive: true);
}
