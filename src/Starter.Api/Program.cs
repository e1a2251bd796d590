using Starter.Api;
using Starter.Api.Http;
//#if (IncludeAuth)
using Starter.Auth;
//#endif
using Starter.Core;
using Starter.Db;
using Starter.Db.Cli;
using Starter.Observability;
using Starter.Services;

try
{
    if (args is [DbCommand.Name, .. var dbArgs])
    {
        return await DbCommand.RunAsync(dbArgs);
    }

    var builder = WebApplication.CreateBuilder(args);
    builder.AddSettings();
    builder.AddObservability();
    await using var devServer = await builder.ProvisionIfWantedAsync();
    builder.Services.AddDatabase().AddAppServices().AddApi();
    //#if (IncludeAuth)
    builder.AddAuth();
    //#endif

    var app = builder.Build();
    if (PortInUse.FirstTaken(app) is { } taken)
    {
        Console.Error.WriteLine(PortInUse.Message(taken));
        return PortInUse.ExitCode;
    }
    app.MapApi();
    if (devServer is not null)
    {
        await DevDatabase.MigrateAsync(app);
    }
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (PortInUse.Caused(e))
{
    // Taken between the check and the bind.
    Console.Error.WriteLine(PortInUse.Message(e));
    return PortInUse.ExitCode;
}
catch (StartupException e)
{
    foreach (var problem in e.Problems)
    {
        Console.Error.WriteLine($"Configuration error: {problem}");
    }
    return StartupException.ExitCode;
}

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
