using Starter.Services;

namespace Starter.Api;

/// <summary>The answer to every PATCH of one row: 200 with its new ETag, 404, or 412 for a stale If-Match.</summary>
public static class UpdateAnswers
{
    /// <param name="what">The row's kind for the 412's title: "item" gives "The item has changed".</param>
    public static Results<Ok<TRead>, NotFound, ProblemHttpResult> ToAnswer<TRead>(this UpdateResult<TRead> result, HttpResponse response, string what)
    {
        switch (result.Status)
        {
            case UpdateStatus.NotFound:
                return TypedResults.NotFound();
            case UpdateStatus.VersionMismatch:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status412PreconditionFailed,
                    title: $"The {what} has changed",
                    detail: $"If-Match does not name the {what}'s current version. Get the {what} again and retry.");
            default:
                ETag.Set(response, result.Row!.Version);
                return TypedResults.Ok(result.Row.Value);
        }
    }
}
