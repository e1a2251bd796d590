namespace Starter.Schemas;

/// <summary>What this service is and where its documentation lives.</summary>
public sealed record AppInfoRead(string Name, string Version, AppLinks Links) : IExample<AppInfoRead>
{
    public static AppInfoRead Example { get; } = new("Starter", "1.0.0", AppLinks.Example);
}

/// <summary>Relative links to the API's documentation (null when DOCS_ENABLED is off) and health check.</summary>
public sealed record AppLinks(string? Docs, string? Redoc, string? OpenApi, string Health) : IExample<AppLinks>
{
    public static AppLinks Example { get; } = new("/docs", "/redoc", "/openapi/v1.json", "/api/v1/health");
}
