using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Db;

/// <summary>
/// What <c>db upgrade</c> relies on from EF Core and PostgreSQL: each migration runs in its own
/// transaction, so one that fails halfway leaves the database at the last good migration.
/// </summary>
public sealed class FailedMigrationTests(TestDatabaseServer server) : IAsyncDisposable
{
    private string? _database;

    [Fact]
    public async Task Upgrade_WhenAMigrationFails_StopsAtTheLastGoodOne()
    {
        _database = await server.CreateEmptyDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        await using var db = new ChainContext(new DbContextOptionsBuilder<ChainContext>().UseNpgsql(dataSource).Options);

        await Assert.ThrowsAsync<PostgresException>(() => db.Database.MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Equal(["001_Good"], await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.True(await ExistsAsync(dataSource, "good"));
        Assert.False(await ExistsAsync(dataSource, "half_made"));
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand($"SELECT to_regclass('{table}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }

    public sealed class ChainContext(DbContextOptions<ChainContext> options) : DbContext(options);

    [DbContext(typeof(ChainContext))]
    [Migration("001_Good")]
    public sealed class Good : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("CREATE TABLE good (id int)");

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("DROP TABLE good");
    }

    [DbContext(typeof(ChainContext))]
    [Migration("002_Broken")]
    public sealed class Broken : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE half_made (id int)");
            migrationBuilder.Sql("SELECT 1 / 0");
        }

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("DROP TABLE half_made");
    }
}
