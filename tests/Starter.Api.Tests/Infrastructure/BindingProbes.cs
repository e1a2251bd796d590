using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Starter.Tests.Infrastructure;

/// <summary>
/// Test-only handlers with the binding shapes the app's own endpoints do not have (a required query
/// value, an explicit required body), bound by the framework's real binder, so every framework
/// message that <c>BindingFailure</c> rewrites is checked against the framework itself.
/// </summary>
public sealed class BindingProbes : IStartupFilter
{
    public const string RequiredQueryPath = "/__tests/bind/query";
    public const string RequiredBodyPath = "/__tests/bind/body";

    public sealed record Probe(string Name);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        var options = new RequestDelegateFactoryOptions { ServiceProvider = app.ApplicationServices, ThrowOnBadRequest = true };
        var query = RequestDelegateFactory.Create((int count) => count, options).RequestDelegate;
        var body = RequestDelegateFactory.Create(([FromBody] Probe probe) => probe.Name, options).RequestDelegate;
        app.Use((context, nextMiddleware) => context.Request.Path.Value switch
        {
            RequiredQueryPath => query(context),
            RequiredBodyPath => body(context),
            _ => nextMiddleware(context),
        });
    };
}
