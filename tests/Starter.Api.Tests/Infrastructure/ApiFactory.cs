using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Starter.Tests.Infrastructure;

/// <summary>
/// The app in memory over its own database, one per test class (<c>IClassFixture&lt;ApiFactory&gt;</c>).
/// Runs as the "Testing" environment: like Production, nothing provisions or migrates at start.
/// </summary>
public sealed class ApiFactory(TestDatabaseServer server) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string EnvironmentName = "Testing";

    private string? _database;

    public TestDatabaseServer DatabaseServer { get; } = server;

    public string ConnectionString => DatabaseServer.ConnectionStringFor(_database ?? throw new InvalidOperationException("Not initialized."));

    public async ValueTask InitializeAsync() => _database = await DatabaseServer.CreateDatabaseAsync();

    /// <summary>Reads the class's database directly, to check what a request did (or did not) write.</summary>
    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Sql.ScalarAsync<T>(ConnectionString, sql, parameters);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("DATABASE_URL", ConnectionString);
        //#if (IncludeAuth)
        // Every test class signs users in from one (empty) client address; the limit has its own tests.
        builder.UseSetting("AUTH_RATE_LIMIT_PER_MINUTE", "0");
        //#endif
        builder.ConfigureServices(services => services
            .AddSingleton<IStartupFilter, ThrowingEndpoint>()
            .AddSingleton<IStartupFilter, BindingProbes>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await DatabaseServer.DropDatabaseAsync(_database);
        }
    }
}
