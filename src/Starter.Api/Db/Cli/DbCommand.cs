using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
//#if (IncludeAuth)
using Starter.Auth;
//#endif
using Starter.Core;
using Starter.Db.Local;

namespace Starter.Db.Cli;

/// <summary>
/// <c>db …</c>: the migration workflow in the app binary, so a deploy step can run it from the
/// published app with no SDK. Never starts the web server. Exit codes: 0 done, 1 failed (or
/// <c>check</c> found changes), 2 bad usage, 78 bad configuration.
/// </summary>
public static class DbCommand
{
    public const string Name = "db";

    public const string Usage = """
        Usage: db <command> [options]
          upgrade [head|+N|<migration>]      apply pending migrations (default: all)
          downgrade -N|<migration>|base      revert migrations (base: all; outside Development needs --force)
          current                            the last applied migration, or "base"
          history                            every migration, applied or pending
          check                              exit 1 if the model has changes no migration captures
          script [from] [to]                 idempotent SQL from..to (default: base..head)
          local                              where dotnet run keeps its local PostgreSQL, and whether it runs
          local remove                       stop that server and delete it with its data
        """
#if (IncludeAuth)
        + """

          admin grant <email>                give the account the admin role (the first admin comes from here)
          admin revoke <email>               take it away (refused for the last admin who can sign in)
          admin list                         the accounts with the admin role
        """
#endif
        + """

        Options: --force, and any app setting, e.g. --environment Production --DATABASE_URL postgresql://…
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? errors = null)
    {
        output ??= Console.Out;
        errors ??= Console.Error;
        var command = DbArguments.Parse(args);
        try
        {
            switch (command.Verb)
            {
                case "check":
                    return Check(output);
                case "script":
                    return Script(command, output);
                case "local":
                    return await LocalAsync(command, output);
                case "upgrade" or "downgrade" or "current" or "history":
                    return await WithDatabaseAsync(command, output);
                //#if (IncludeAuth)
                case "admin":
                    return await AdminCommand.RunAsync(command, output);
                //#endif
                case null or "help" or "--help":
                    await output.WriteLineAsync(Usage);
                    return command.Verb is null ? 2 : 0;
                default:
                    await errors.WriteLineAsync($"Unknown db command '{command.Verb}'.{Environment.NewLine}{Usage}");
                    return 2;
            }
        }
        catch (CommandException e)
        {
            await errors.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static async Task<int> LocalAsync(DbArguments command, TextWriter output)
    {
        var environment = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command.HostArgs }).Environment;
        var folder = DevDatabase.ClusterFolder(environment);
        return command.Operand(0) switch
        {
            null => await DevCluster.DescribeAsync(folder, output, CancellationToken.None),
            "remove" => await DevCluster.RemoveAsync(folder, output, CancellationToken.None),
            var other => throw new CommandException($"Unknown: db local {other}. Use db local, or db local remove."),
        };
    }

    private static int Check(TextWriter output)
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        var changes = ModelCheck.UnmigratedChanges(db);
        if (changes.Count == 0)
        {
            output.WriteLine("The model matches the migrations.");
            return 0;
        }
        output.WriteLine($"The model has {changes.Count} change(s) that no migration captures:");
        foreach (var change in changes)
        {
            output.WriteLine($"  {change}");
        }
        // The first migration has no snapshot for dotnet ef to put it beside: name the folder.
        var outputDir = MigrationChain.Defined(db).All.Count == 0 ? " --output-dir Db/Migrations" : "";
        output.WriteLine($"Generate one: cd src/Starter.Api && dotnet ef migrations add <Name>{outputDir}");
        return 1;
    }

    private static int Script(DbArguments command, TextWriter output)
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        var chain = MigrationChain.Defined(db);
        var from = chain.Resolve(command.Operand(0) ?? MigrationChain.Base);
        var to = chain.Resolve(command.Operand(1) ?? chain.Head);
        output.Write(db.GetService<IMigrator>().GenerateScript(
            MigrationChain.ForEf(from), MigrationChain.ForEf(to), MigrationsSqlGenerationOptions.Idempotent));
        return 0;
    }

    private static async Task<int> WithDatabaseAsync(DbArguments command, TextWriter output)
    {
        var builder = CreateBuilder(command);
        await using var devServer = await builder.ProvisionIfWantedAsync();
        builder.Services.AddDatabase();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var database = db.Database.GetDbConnection().Database;
        var chain = await MigrationChain.ReadAsync(db, CancellationToken.None);

        switch (command.Verb)
        {
            case "current":
                var pending = chain.All.Count - chain.Applied.Count;
                await output.WriteLineAsync(chain.Current + (pending > 0 ? $" ({pending} pending, head is {chain.Head})" : " (head)"));
                return 0;
            case "history":
                foreach (var migration in chain.All)
                {
                    var state = chain.Applied.Contains(migration) ? "applied" : "pending";
                    var marks = (migration == chain.Current ? " <- current" : "") + (migration == chain.Head ? " (head)" : "");
                    await output.WriteLineAsync($"[{state}] {migration}{marks}");
                }
                if (chain.All.Count == 0)
                {
                    await output.WriteLineAsync("No migrations yet.");
                }
                return 0;
            case "upgrade":
                return await MigrateAsync(db, database, chain, chain.UpgradeTarget(command.Operand(0)), output);
            default:
                var target = chain.DowngradeTarget(command.Operand(0));
                if (target == MigrationChain.Base && !builder.Environment.IsDevelopment() && !command.Force)
                {
                    throw new CommandException(
                        $"db downgrade base drops every table of {database}. Refused in the {builder.Environment.EnvironmentName} "
                        + "environment; add --force if you mean it.");
                }
                return await MigrateAsync(db, database, chain, target, output);
        }
    }

    private static async Task<int> MigrateAsync(AppDbContext db, string database, MigrationChain before, string target, TextWriter output)
    {
        if (target == before.Current)
        {
            await output.WriteLineAsync($"{database} is at {target}: nothing to do.");
            return 0;
        }
        await MigrationChain.MigrateAsync(db, MigrationChain.ForEf(target), CancellationToken.None);
        var after = await MigrationChain.ReadAsync(db, CancellationToken.None);
        var applied = after.Applied.Except(before.Applied).ToList();
        var reverted = before.Applied.Except(after.Applied).ToList();
        await output.WriteLineAsync(applied.Count > 0
            ? $"Upgraded {database}: applied {string.Join(", ", applied)}. Now at {after.Current}."
            : $"Downgraded {database}: reverted {string.Join(", ", reverted.AsEnumerable().Reverse())}. Now at {after.Current}.");
        return 0;
    }

    /// <summary>A host for a command that needs the database: the app's settings, checked, and quiet logs.</summary>
    internal static WebApplicationBuilder CreateBuilder(DbArguments command)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command.HostArgs });
        QuietLogging(builder);
        builder.AddSettings();
        return builder;
    }

    /// <summary>Command output goes to stdout; logs (warnings and up, no SQL) go to stderr.</summary>
    private static void QuietLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Warning",
        });
    }
}
