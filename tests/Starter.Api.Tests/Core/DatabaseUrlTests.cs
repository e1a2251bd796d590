using Npgsql;
using Starter.Core;

namespace Starter.Tests.Core;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void Parse_FullUri_MapsEveryPart()
    {
        var parsed = DatabaseUrl.TryParse(
            "postgresql://app:p%40ss%3Aword@db.example.com:6543/orders?sslmode=verify-full&application_name=api",
            out var error);

        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal("db.example.com", parsed.Host);
        Assert.Equal(6543, parsed.Port);
        Assert.Equal("app", parsed.Username);
        Assert.Equal("p@ss:word", parsed.Password);
        Assert.Equal("orders", parsed.Database);
        Assert.Equal(SslMode.VerifyFull, parsed.SslMode);
        Assert.Equal("api", parsed.ApplicationName);
    }

    [Theory]
    [InlineData("postgres://u:p@localhost/db", "localhost", 5432)]
    [InlineData("postgresql://localhost:5433", "localhost", 5433)]
    [InlineData("postgresql://u@[::1]:5434/db", "::1", 5434)]
    [InlineData("POSTGRESQL://u:p@h/db", "h", 5432)]
    public void Parse_UriVariants_FindHostAndPort(string url, string host, int port)
    {
        var parsed = DatabaseUrl.TryParse(url, out var error);

        Assert.Null(error);
        Assert.Equal(host, parsed!.Host);
        Assert.Equal(port, parsed.Port);
    }

    [Fact]
    public void Parse_SeveralHosts_KeepsEachWithItsPort()
    {
        var parsed = DatabaseUrl.TryParse("postgresql://u:p@a:5432,b:5433/db?target_session_attrs=primary", out _);

        Assert.Equal("a:5432,b:5433", parsed!.Host);
        Assert.Equal("primary", parsed.TargetSessionAttributes);
    }

    [Fact]
    public void Parse_NpgsqlKeywordString_IsAccepted()
    {
        var parsed = DatabaseUrl.TryParse("Host=localhost;Port=5432;Database=app;Username=u;Password=p", out var error);

        Assert.Null(error);
        Assert.Equal("app", parsed!.Database);
    }

    [Theory]
    [InlineData("mysql://u:hunter2@h/db", "scheme")]
    [InlineData("postgresql://u:hunter2@h:port/db", "port")]
    [InlineData("postgresql://u:hunter2@h:70000/db", "port")]
    [InlineData("postgresql://u:hunter2@h/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgresql://u:hunter2@h/db?pool=9", "'pool'")]
    [InlineData("postgresql://u:hunter2@/db", "host")]
    [InlineData("postgresql://u:hunter2@[::1/db", "IPv6")]
    [InlineData("Host=h;Passwrd=hunter2", "passwrd")]
    [InlineData("Database=app;Password=hunter2", "host")]
    public void Parse_BadValue_SaysWhyWithoutThePassword(string url, string reason)
    {
        var parsed = DatabaseUrl.TryParse(url, out var error);

        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", error);
    }
}
