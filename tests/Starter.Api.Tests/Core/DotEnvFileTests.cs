using Microsoft.Extensions.Configuration;
using Starter.Core;

namespace Starter.Tests.Core;

public sealed class DotEnvFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dotenv-").FullName;

    [Fact]
    public void Parse_HandlesCommentsExportQuotesAndInlineComments()
    {
        var values = DotEnvFile.Parse([
            "# a comment",
            "",
            "PLAIN=value",
            "export EXPORTED=yes",
            "DOUBLE=\"two words # not a comment\"",
            "SINGLE='single $kept'",
            "INLINE=value # a comment",
            "EQUALS=a=b",
            "Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information",
            "not a setting",
        ]);

        Assert.Equal("value", values["PLAIN"]);
        Assert.Equal("yes", values["EXPORTED"]);
        Assert.Equal("two words # not a comment", values["DOUBLE"]);
        Assert.Equal("single $kept", values["SINGLE"]);
        Assert.Equal("value", values["INLINE"]);
        Assert.Equal("a=b", values["EQUALS"]);
        Assert.Equal("Information", values["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"]);
        Assert.Equal(7, values.Count);
    }

    [Fact]
    public void AddDotEnvFile_RealEnvironmentVariablesWin()
    {
        var fromEnv = "DOTENV_TEST_" + Guid.NewGuid().ToString("N");
        var fromFileOnly = fromEnv + "_FILE";
        File.WriteAllLines(Path.Combine(_dir, ".env"), [$"{fromEnv}=file", $"{fromFileOnly}=file"]);
        Environment.SetEnvironmentVariable(fromEnv, "environment");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [fromFileOnly] = "appsettings" })
                .AddEnvironmentVariables()
                .AddDotEnvFile(_dir)
                .Build();

            Assert.Equal("environment", configuration[fromEnv]);
            Assert.Equal("file", configuration[fromFileOnly]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(fromEnv, null);
        }
    }

    [Fact]
    public void Find_LooksUpToTheRepositoryRootAndNoFurther()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_dir, "repo"));
        Directory.CreateDirectory(Path.Combine(repo.FullName, ".git"));
        var project = Directory.CreateDirectory(Path.Combine(repo.FullName, "src", "App"));
        File.WriteAllText(Path.Combine(_dir, ".env"), "OUTSIDE=1");

        Assert.Null(DotEnvFile.Find(project.FullName));

        File.WriteAllText(Path.Combine(repo.FullName, ".env"), "INSIDE=1");
        Assert.Equal(Path.Combine(repo.FullName, ".env"), DotEnvFile.Find(project.FullName));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
