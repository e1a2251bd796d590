namespace Starter.Schemas;

/// <summary>
/// A schema with a typical value, shown as its example in the OpenAPI document (and so in /docs,
/// /redoc and generated clients). Checked against the schema by the contract linters in CI.
/// </summary>
public interface IExample<TSelf> where TSelf : IExample<TSelf>
{
    static abstract TSelf Example { get; }
}
