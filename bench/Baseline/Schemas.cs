using System.Text.Json;
using System.Text.Json.Serialization;

namespace Starter.Bench.Baseline;

/// <summary>The starter's <c>AppInfoRead</c> with its default values.</summary>
public sealed record AppInfo(string Name, string Version, AppLinks Links)
{
    public static AppInfo Current { get; } =
        new("Starter", "0.1.0", new AppLinks("/docs", "/redoc", "/openapi/v1.json", "/api/v1/health"));
}

public sealed record AppLinks(string Docs, string Redoc, string OpenApi, string Health);

public sealed record HealthRead(string Status, string Database);

public sealed record ItemRead(long Id, string Title, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ItemPage(IReadOnlyList<ItemRead> Items, string? NextCursor);

/// <summary>A new item; an unknown field is refused, as the starter does.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ItemCreate(string? Title, string? Description);

/// <summary>Source-generated JSON (web defaults: camelCase), the cheapest serialization ASP.NET Core offers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AppInfo))]
[JsonSerializable(typeof(HealthRead))]
[JsonSerializable(typeof(ItemRead))]
[JsonSerializable(typeof(ItemPage))]
[JsonSerializable(typeof(ItemCreate))]
internal sealed partial class BaselineJson : JsonSerializerContext;
