using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Starter.Tests.Infrastructure;

/// <summary>
/// A test-only path that throws, placed after the app's own pipeline so the app's exception
/// handling is what answers. Lets tests check that an unhandled exception becomes a problem.
/// </summary>
public sealed class ThrowingEndpoint : IStartupFilter
{
    public const string Path = "/__tests/throw";
    public const string Secret = "secret-internal-detail-4711";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use((context, nextMiddleware) => context.Request.Path == Path
            ? throw new InvalidOperationException($"Boom: {Secret}")
            : nextMiddleware(context));
    };
}
