using Starter.Tests.Infrastructure;

namespace Starter.Tests.Guides;

/// <summary>
/// The app as a reader of the guides runs it: a real process on Kestrel, with a database of its
/// own, migrated, and no other setting, so the "Try it" blocks meet the defaults they describe.
/// </summary>
public sealed class GuideApp(TestDatabaseServer server) : IAsyncLifetime
{
    private RunningApp? _app;
    private string? _database;

    /// <summary><c>http://127.0.0.1:port</c>, with no trailing slash, as the guides write it.</summary>
    public string BaseUrl => (_app ?? throw new InvalidOperationException("Not started.")).Address.GetLeftPart(UriPartial.Authority);

    public IReadOnlyCollection<string> Output => _app?.Output ?? [];

    /// <summary>The app's database, for the commands a guide runs beside it (<c>dotnet run -- db …</c>).</summary>
    public string ConnectionString => server.ConnectionStringFor(_database ?? throw new InvalidOperationException("Not started."));

    public async ValueTask InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _app = await RunningApp.StartAsync(server.ConnectionStringFor(_database));
    }

    public async ValueTask DisposeAsync()
    {
        _app?.Dispose();
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }
}
