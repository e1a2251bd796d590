using Starter.Api.V1.Endpoints;

namespace Starter.Api.V1;

/// <summary>Every v1 endpoint group, in one list. A v2 gets its own file beside this folder.</summary>
public static class V1Routes
{
    public const string Prefix = "/api/v1";

    public static IEndpointRouteBuilder MapV1(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup(Prefix);
        v1.MapHealth();
        //#if (IncludeAuth)
        v1.MapAuth();
        v1.MapAdminUsers();
        //#endif
        //#if (IncludeSample)
        v1.MapItems();
        //#endif
        return app;
    }
}
