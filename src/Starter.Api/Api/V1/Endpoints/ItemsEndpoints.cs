using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
//#if (IncludeAuth)
using System.Security.Claims;
//#endif
using Starter.Api.Docs;
using Starter.Api.Idempotency;
//#if (IncludeAuth)
using Starter.Auth;
//#endif
using Starter.Schemas;
using Starter.Services;

namespace Starter.Api.V1.Endpoints;

public static class ItemsEndpoints
{
    private const string ETagDescription = "The item's version, to send back in If-Match when updating it.";

    // A description attribute, as the XML <param> of a renamed header parameter does not reach the document.
    private const string IfMatchDescription =
        "The item's ETag as read (\"123\"): update only if that is still its version, else 412. Left out or *: any version.";

    public static RouteGroupBuilder MapItems(this RouteGroupBuilder v1)
    {
        var items = v1.MapGroup("/items")
            .WithTag("Items", "The sample resource: create, read, page through, update (with optimistic concurrency) and delete items.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        //#if (IncludeAuth)
        // Each caller sees only their own items: another user's is a 404, as if it did not exist.
        items.RequireAuthorization();
        //#endif
        items.MapPost("/", CreateItem).WithName(nameof(CreateItem))
            .WithIdempotencyKey()
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The path of the new item.")
            .WithResponseHeader(StatusCodes.Status201Created, "ETag", ETagDescription);
        items.MapGet("/", ListItems).WithName(nameof(ListItems));
        items.MapGet("/{id}", GetItem).WithName(nameof(GetItem))
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", ETagDescription)
            .ProducesProblem(StatusCodes.Status404NotFound);
        items.MapPatch("/{id}", UpdateItem).WithName(nameof(UpdateItem))
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", ETagDescription)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        items.MapDelete("/{id}", DeleteItem).WithName(nameof(DeleteItem))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConflict();
        return v1;
    }

    /// <summary>Create an item.</summary>
    /// <remarks>
    /// Answers 201 with the item, its <c>Location</c> and its <c>ETag</c>. Send an <c>Idempotency-Key</c>
    /// to make retrying safe: a retry gets the same 201 and creates nothing more.
    /// </remarks>
#if (IncludeAuth)
    public static async Task<Created<ItemRead>> CreateItem(
        ItemCreate item, ClaimsPrincipal caller, ItemService items, HttpResponse response, CancellationToken ct)
    {
        var created = await items.CreateAsync(caller.Id(), item, ct);
#else
    public static async Task<Created<ItemRead>> CreateItem(ItemCreate item, ItemService items, HttpResponse response, CancellationToken ct)
    {
        var created = await items.CreateAsync(item, ct);
#endif
        ETag.Set(response, created.Version);
        return TypedResults.Created($"{V1Routes.Prefix}/items/{created.Value.Id}", created.Value);
    }

#if (IncludeAuth)
    /// <summary>Get one item by id.</summary>
    /// <remarks>
    /// The <c>ETag</c> header carries the item's version, for <c>If-Match</c> on a later update. An
    /// admin may read any user's item (not change it).
    /// </remarks>
    public static async Task<Results<Ok<ItemRead>, NotFound>> GetItem(
        long id, ClaimsPrincipal caller, ItemService items, HttpResponse response, CancellationToken ct)
    {
        // A role rule: an admin reads anyone's item, by the role claim of the token (until its next refresh).
        var owner = caller.IsInRole(Roles.Admin) ? (Guid?)null : caller.Id();
        var item = await items.GetAsync(owner, id, ct);
#else
    /// <summary>Get one item by id.</summary>
    /// <remarks>The <c>ETag</c> header carries the item's version, for <c>If-Match</c> on a later update.</remarks>
    public static async Task<Results<Ok<ItemRead>, NotFound>> GetItem(long id, ItemService items, HttpResponse response, CancellationToken ct)
    {
        var item = await items.GetAsync(id, ct);
#endif
        if (item is null)
        {
            return TypedResults.NotFound();
        }
        ETag.Set(response, item.Version);
        return TypedResults.Ok(item.Value);
    }

    /// <summary>List items in id order, one page at a time.</summary>
    /// <remarks>Pass each page's <c>nextCursor</c> as <c>cursor</c> until it is null. A cursor this API did not issue is a 400.</remarks>
    /// <param name="limit">Items per page, 1 to 100.</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page; leave out for the first page.</param>
#if (IncludeAuth)
    public static async Task<Results<Ok<ItemPage>, ValidationProblem>> ListItems(
        ClaimsPrincipal caller, ItemService items, CancellationToken ct, [Range(1, 100)] int limit = 20, string? cursor = null)
#else
    public static async Task<Results<Ok<ItemPage>, ValidationProblem>> ListItems(
        ItemService items, CancellationToken ct, [Range(1, 100)] int limit = 20, string? cursor = null)
#endif
    {
        if (!PageCursor.TryDecode(cursor, out var afterId))
        {
            return PageAnswers.InvalidCursor();
        }
#if (IncludeAuth)
        var page = await items.ListAsync(caller.Id(), afterId, limit, ct);
#else
        var page = await items.ListAsync(afterId, limit, ct);
#endif
        return TypedResults.Ok(page);
    }

    /// <summary>Update some fields of an item.</summary>
    /// <remarks>
    /// Fields left out stay as they are; <c>description: null</c> clears the description. Send the
    /// item's <c>ETag</c> in <c>If-Match</c> to update only the version you read: a stale one gets 412.
    /// </remarks>
#if (IncludeAuth)
    public static async Task<Results<Ok<ItemRead>, NotFound, ProblemHttpResult>> UpdateItem(
        long id, ItemUpdate update, [FromHeader(Name = "If-Match"), Description(IfMatchDescription)] string? ifMatch,
        ClaimsPrincipal caller, ItemService items, HttpResponse response, CancellationToken ct)
    {
        var result = await items.UpdateAsync(caller.Id(), id, update, ETag.FromIfMatch(ifMatch), ct);
#else
    public static async Task<Results<Ok<ItemRead>, NotFound, ProblemHttpResult>> UpdateItem(
        long id, ItemUpdate update, [FromHeader(Name = "If-Match"), Description(IfMatchDescription)] string? ifMatch,
        ItemService items, HttpResponse response, CancellationToken ct)
    {
        var result = await items.UpdateAsync(id, update, ETag.FromIfMatch(ifMatch), ct);
#endif
        return result.ToAnswer(response, "item");
    }

    /// <summary>Delete an item.</summary>
    /// <remarks>Answers 204 with no body, 404 when there is no such item, or 409 while rows of another resource still refer to it.</remarks>
#if (IncludeAuth)
    public static async Task<Results<NoContent, NotFound>> DeleteItem(long id, ClaimsPrincipal caller, ItemService items, CancellationToken ct)
    {
        var deleted = await items.DeleteAsync(caller.Id(), id, ct);
#else
    public static async Task<Results<NoContent, NotFound>> DeleteItem(long id, ItemService items, CancellationToken ct)
    {
        var deleted = await items.DeleteAsync(id, ct);
#endif
        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
