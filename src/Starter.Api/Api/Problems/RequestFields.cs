using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Starter.Api.Problems;

/// <summary>The fields a client can send to the endpoint that failed: its JSON body's, as they are spelled in JSON.</summary>
public static class RequestFields
{
    private static readonly ConcurrentDictionary<Type, HashSet<string>> Cache = new();

    /// <summary>
    /// Of <paramref name="fields"/>, those the failed endpoint's body has; all of them when the
    /// endpoint has no body type to tell (a handler without one, a middleware).
    /// </summary>
    public static string[] Sent(HttpContext context, string[] fields)
    {
        // The exception handler has cleared the endpoint from the context; its feature keeps it.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not { } body)
        {
            return fields;
        }
        var names = Cache.GetOrAdd(body, Names);
        return [.. fields.Where(names.Contains)];
    }

    private static HashSet<string> Names(Type body) =>
    [
        .. body.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name)),
    ];
}
