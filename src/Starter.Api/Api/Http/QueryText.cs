namespace Starter.Api.Http;

/// <summary>
/// A query value holding the NUL character (<c>%00</c>) is a 400 validation problem naming the
/// parameter. .NET's number parsing ignores trailing NULs (<c>?limit=1%00</c> would read as 1) and
/// PostgreSQL text cannot store one, so no such value is let through to be misread.
/// </summary>
public static class QueryText
{
    private static readonly string[] NulError = ["The value cannot contain the NUL character (%00)."];

    public static WebApplication UseQueryTextRules(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // NUL can only arrive percent-encoded: a raw one is refused by Kestrel.
            var raw = context.Request.QueryString.Value;
            if (raw is null || !raw.Contains("%00", StringComparison.Ordinal))
            {
                return next(context);
            }
            var errors = context.Request.Query
                .Where(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true))
                .ToDictionary(q => q.Key.Replace("\0", "%00"), _ => NulError);
            return errors.Count == 0 ? next(context) : TypedResults.ValidationProblem(errors).ExecuteAsync(context);
        });
        return app;
    }
}
