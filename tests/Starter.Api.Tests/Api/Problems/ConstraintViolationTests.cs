using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Starter.Db;
using Starter.Models;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Problems;

/// <summary>
/// Writes PostgreSQL refuses for a constraint become problems naming the field, never a 500, for any
/// table: driven through test-only endpoints that break each kind of constraint for real, through the
/// app's own context and its exception handling. Nothing is logged at Error for a case handled.
/// </summary>
public sealed class ConstraintViolationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    //#if (IncludeAuth)
    [InlineData(Probes.Unique, HttpStatusCode.Conflict, "normalizedUserName", "Another user already has this normalizedUserName.")]
    //#endif
    //#if (IncludeSample && IncludeAuth)
    [InlineData(Probes.MissingReference, HttpStatusCode.BadRequest, "ownerId", "There is no user with this id.")]
    //#endif
    //#if (IncludeSample)
    [InlineData(Probes.Check, HttpStatusCode.BadRequest, "title", null)]
    [InlineData(Probes.NotNull, HttpStatusCode.BadRequest, "title", null)]
    [InlineData(Probes.StillReferenced, HttpStatusCode.Conflict, null, null)]
    [InlineData(Probes.TooLong, HttpStatusCode.BadRequest, "$", null)]
    //#endif
    public async Task BrokenConstraint_IsAProblemNamingTheField_AndLogsNoError(string probe, HttpStatusCode status, string? field, string? message)
    {
        var logs = new CapturedLogs();
        using var app = factory.WithWebHostBuilder(b => b
            .ConfigureLogging(l => l.AddProvider(logs))
            .ConfigureServices(s => s.AddSingleton<IStartupFilter, Probes>()));

        // As the endpoints that would do these writes are called: a delete by DELETE, the rest by POST.
        var method = probe == Probes.StillReferenced ? HttpMethod.Delete : HttpMethod.Post;
        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(method, probe), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == status, string.Join("\n", logs.Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Message)));
        var problem = await ProblemAssert.IsProblemAsync(response, status);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), problem.ToString());
            if (message is not null)
            {
                Assert.Equal(message, errors[0].GetString());
            }
        }
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
        // The refused write left nothing behind, and took nothing away.
        //#if (IncludeAuth)
        Assert.True(await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_user_name = 'TAKEN@EXAMPLE.COM'") <= 1);
        //#endif
        //#if (IncludeSample)
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM items WHERE title IS NULL OR title IN ('orphan', '   ')"));
        if (probe == Probes.StillReferenced)
        {
            Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM items WHERE title = 'referenced'"));
        }
        //#endif
    }

    /// <summary>Test-only endpoints, each breaking one kind of constraint through the app's context.</summary>
    private sealed class Probes : IStartupFilter
    {
        public const string Unique = "/__tests/constraints/unique";
        public const string MissingReference = "/__tests/constraints/missing-reference";
        public const string Check = "/__tests/constraints/check";
        public const string NotNull = "/__tests/constraints/not-null";
        public const string StillReferenced = "/__tests/constraints/still-referenced";
        public const string TooLong = "/__tests/constraints/too-long";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (context, nextMiddleware) =>
            {
                var db = context.RequestServices.GetRequiredService<AppDbContext>();
                var ct = context.RequestAborted;
                switch (context.Request.Path.Value)
                {
                    //#if (IncludeAuth)
                    case Unique:
                        var taken = new User { UserName = "taken@example.com", NormalizedUserName = "TAKEN@EXAMPLE.COM", Email = "taken@example.com" };
                        db.Users.Add(taken);
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                        db.Users.Add(new User { UserName = "Taken@example.com", NormalizedUserName = "TAKEN@EXAMPLE.COM", Email = "other@example.com" });
                        await db.SaveChangesAsync(ct);
                        break;
                    //#endif
                    //#if (IncludeSample && IncludeAuth)
                    case MissingReference:
                        db.Items.Add(new Item { Title = "orphan", OwnerId = Guid.NewGuid() });
                        await db.SaveChangesAsync(ct);
                        break;
                    //#endif
                    //#if (IncludeSample)
                    case Check:
                        db.Items.Add(await NewItemAsync(db, "   ", ct));
                        await db.SaveChangesAsync(ct);
                        break;
                    case NotNull:
                        await db.Database.ExecuteSqlAsync(
#if (IncludeAuth)
                            $"INSERT INTO items (owner_id, title) VALUES ({(await NewItemAsync(db, "x", ct)).OwnerId}, NULL)",
#else
                            $"INSERT INTO items (title) VALUES (NULL)",
#endif
                            ct);
                        break;
                    case StillReferenced:
                        await StillReferencedAsync(db, ct);
                        break;
                    case TooLong:
                        db.Items.Add(await NewItemAsync(db, new string('x', Item.TitleMaxLength + 1), ct));
                        await db.SaveChangesAsync(ct);
                        break;
                    //#endif
                    default:
                        await nextMiddleware(context);
                        return;
                }
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
        };

        //#if (IncludeSample)
        /// <summary>An item to add, with a real owner where items have one.</summary>
#if (IncludeAuth)
        private static async Task<Item> NewItemAsync(AppDbContext db, string title, CancellationToken ct)
        {
            var owner = new User { UserName = $"{Guid.NewGuid():N}@example.com" };
            db.Users.Add(owner);
            await db.SaveChangesAsync(ct);
            return new Item { Title = title, OwnerId = owner.Id };
        }
#else
        private static Task<Item> NewItemAsync(AppDbContext db, string title, CancellationToken ct) =>
            Task.FromResult(new Item { Title = title });
#endif

        /// <summary>A row another table still points at (ON DELETE RESTRICT), then deleted as the sample's DeleteItem does.</summary>
        private static async Task StillReferencedAsync(AppDbContext db, CancellationToken ct)
        {
            var item = await NewItemAsync(db, "referenced", ct);
            db.Items.Add(item);
            await db.SaveChangesAsync(ct);
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS item_refs (item_id bigint REFERENCES items (id) ON DELETE RESTRICT)", ct);
            await db.Database.ExecuteSqlAsync($"INSERT INTO item_refs VALUES ({item.Id})", ct);
            await db.Items.Where(i => i.Id == item.Id).ExecuteDeleteAsync(ct);
        }
        //#endif
    }
}
