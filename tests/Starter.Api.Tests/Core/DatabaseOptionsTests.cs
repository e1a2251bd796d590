using Npgsql;
using Starter.Core;

namespace Starter.Tests.Core;

public sealed class DatabaseOptionsTests
{
    private const string Url = "Host=db;Port=6432;Database=app;Username=app;Password=secret;Max Auto Prepare=20";

    [Fact]
    public void BehindPooler_TurnsOffResetAndAutoPrepare_WhateverTheUrlSays()
    {
        var options = new DatabaseOptions { Url = Url, BehindPooler = true };

        var built = new NpgsqlConnectionStringBuilder(options.ConnectionString);

        Assert.True(built.NoResetOnClose);
        Assert.Equal(0, built.MaxAutoPrepare);
    }

    [Fact]
    public void Direct_KeepsNpgsqlsDefaultsAndTheUrlsOwn()
    {
        var options = new DatabaseOptions { Url = Url, PoolSize = 7 };

        var built = new NpgsqlConnectionStringBuilder(options.ConnectionString);

        Assert.False(built.NoResetOnClose);
        Assert.Equal(20, built.MaxAutoPrepare);
        Assert.Equal(7, built.MaxPoolSize);
    }
}
