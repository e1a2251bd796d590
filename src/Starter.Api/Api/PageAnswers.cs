namespace Starter.Api;

/// <summary>The answers every keyset list shares.</summary>
public static class PageAnswers
{
    /// <summary>A <c>cursor</c> this API did not issue: a 400 naming it.</summary>
    public static ValidationProblem InvalidCursor() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["cursor"] = ["The cursor is not one this API issued. Use a nextCursor value as given."],
    });
}
