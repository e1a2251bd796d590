using Microsoft.EntityFrameworkCore;
using Npgsql;
using Starter.Db;

namespace Starter.Api.Problems;

/// <summary>
/// A write the database refused for breaking a constraint becomes a problem that names the field,
/// never a 500, for every table: a duplicate is a 409, a reference to a missing row, a rule broken
/// or a value too long is a 400 validation problem, deleting a row others still refer to is a 409.
/// Services need no try/catch for these; they let the exception out and this maps it from its SQLSTATE.
/// </summary>
public sealed class ConstraintViolationHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if ((exception as PostgresException ?? exception.InnerException as PostgresException) is not { } postgres
            || Describe(postgres, exception, httpContext, httpContext.RequestServices.GetRequiredService<ConstraintFields>()) is not { } problem)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static ProblemDetails? Describe(PostgresException postgres, Exception thrown, HttpContext context, ConstraintFields fields)
    {
        var constraint = fields.Describe(postgres.ConstraintName);
        var named = constraint?.Fields ?? [];
        switch (postgres.SqlState)
        {
            case PostgresErrorCodes.UniqueViolation:
                // Only what the client sent: an owner the server sets is no field of theirs to change.
                var sent = RequestFields.Sent(context, named);
                var taken = constraint is null || sent.Length == 0
                    ? "Another row already has these values; they must be unique."
                    : $"Another {constraint.Entity} already has this {string.Join(" and ", sent)}.";
                return Problem(StatusCodes.Status409Conflict, "Already exists", taken, sent, taken);
            case PostgresErrorCodes.ForeignKeyViolation when IsDelete(thrown, context.Request):
                return Problem(StatusCodes.Status409Conflict, "Still in use", constraint is { Referenced: { } referenced }
                    ? $"{Capitalized(constraint.Table)} still refer to this {referenced}: delete them, or change their {string.Join(" and ", named)}, first."
                    : "Other rows still refer to this one. Delete or change them first.", [], "");
            case PostgresErrorCodes.ForeignKeyViolation:
                var missing = constraint is { Referenced: { } target } ? $"There is no {target} with this id." : "There is no such row to refer to.";
                return Problem(StatusCodes.Status400BadRequest, "One or more validation errors occurred.",
                    "A value refers to a row that does not exist.", named, missing);
            case PostgresErrorCodes.NotNullViolation:
                return Problem(StatusCodes.Status400BadRequest, "One or more validation errors occurred.",
                    "A required value is missing.", fields.OfColumn(postgres.TableName, postgres.ColumnName) is { } f ? [f] : [],
                    "A value is required.");
            case PostgresErrorCodes.CheckViolation:
                return Problem(StatusCodes.Status400BadRequest, "One or more validation errors occurred.",
                    "A value breaks one of the data's rules.", named, "The value breaks a rule of this field.");
            case PostgresErrorCodes.StringDataRightTruncation:
                // PostgreSQL names no column for this one; a schema's MaxLength catches it first where it is set.
                return Problem(StatusCodes.Status400BadRequest, "One or more validation errors occurred.",
                    "A value is longer than the database allows.", [], "");
            default:
                return null;
        }
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// Deleting a referenced row (a 409), as against pointing at a missing one (a 400). SaveChanges
    /// says which rows it was writing; a bulk ExecuteDelete or raw SQL does not, and PostgreSQL tells
    /// the two apart only in its (translated) message, so then the request's method decides.
    /// </summary>
    private static bool IsDelete(Exception thrown, HttpRequest request) =>
        thrown is DbUpdateException { Entries.Count: > 0 } update
            ? update.Entries.Any(e => e.State == EntityState.Deleted)
            : HttpMethods.IsDelete(request.Method);

    private static ProblemDetails Problem(int status, string title, string detail, string[] fields, string message)
    {
        if (fields.Length == 0)
        {
            return status == StatusCodes.Status400BadRequest
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["$"] = [detail] }) { Status = status, Title = title, Detail = detail }
                : new ProblemDetails { Status = status, Title = title, Detail = detail };
        }
        return new HttpValidationProblemDetails(fields.ToDictionary(f => f, _ => new[] { message }))
        {
            Status = status,
            Title = title,
            Detail = detail,
        };
    }
}
