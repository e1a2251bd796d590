namespace Starter.Api.Http;

/// <summary>Marks endpoints whose answers must never be kept by a cache: they carry tokens or secrets.</summary>
public sealed record NoStoreMetadata
{
    public const string Value = "no-store";

    public const string Description = "no-store: the answer carries tokens or account secrets, which no cache may keep (RFC 9700).";
}

public static class NoStoreExtensions
{
    /// <summary>Every answer of these endpoints, errors included, carries <c>Cache-Control: no-store</c>.</summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NoStoreMetadata());
}
