namespace Starter.Services;

/// <summary>
/// A rule of a service broken by one field of the request, found past the schema's validation (a
/// reference to a row that is not there, or not the caller's). The API answers it with a 400
/// validation problem naming <see cref="Field"/> (<c>Api/Problems/InvalidFieldHandler.cs</c>); a
/// create inside an <c>Idempotency-Key</c> rolls back and is not remembered.
/// </summary>
public sealed class InvalidFieldException(string field, string problem) : Exception($"{field}: {problem}")
{
    /// <summary>The field as clients spell it: "projectId".</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong with its value, for the client.</summary>
    public string Problem { get; } = problem;
}
