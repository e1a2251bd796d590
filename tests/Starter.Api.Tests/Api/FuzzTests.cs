using System.Text.Json;
using Starter.Api.Docs;
using Starter.Tests.Api.Fuzzing;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

/// <summary>
/// Fuzzing driven by the served OpenAPI document, against the real Kestrel process in Production:
/// every operation, parameter and body field gets boundary and hostile values, odd content types,
/// encodings, methods and headers, then seeded random mixtures of them. Whatever the request, the
/// answer is never a 5xx, every error the app writes is a problem, and a rejected request changes no
/// row. <c>FUZZ_SEED</c> and <c>FUZZ_CASES</c> (random cases, default 400) replay or widen a run.
/// </summary>
public sealed class FuzzTests(TestDatabaseServer server) : IAsyncDisposable
{
    private const int DefaultSeed = 20261126;
    private const int DefaultRandomCases = 400;
    //#if (IncludeAuth)
    private const string AdminPath = "/api/v1/admin/users";
    //#endif

    private string? _database;

    [Fact]
    public async Task GeneratedRequests_NeverGet5xx_ErrorsAreProblems_RejectionsChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Setting("FUZZ_SEED", DefaultSeed);
        var randomCases = Setting("FUZZ_CASES", DefaultRandomCases);
        _database = await server.CreateDatabaseAsync();
        var connectionString = server.ConnectionStringFor(_database);
#if (IncludeAuth)
        // Sign-in's own limit would turn the run's many login attempts into 429s; SignInLimitTests cover it.
        using var app = await RunningApp.StartAsync(connectionString, new() { ["AUTH_RATE_LIMIT_PER_MINUTE"] = "0" });
#else
        using var app = await RunningApp.StartAsync(connectionString);
#endif
        using var client = new HttpClient { BaseAddress = app.Address };
        using var document = JsonDocument.Parse(await client.GetStringAsync(ApiDocs.DocumentPath, ct));
        var operations = ApiSurface.Read(document.RootElement).ToArray();
        string? token = null;
        //#if (IncludeAuth)
        token = await SignIn.RegisterAndLogInAsync(client, $"fuzz-{Guid.NewGuid():N}@example.com", SignIn.Password);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        //#endif
        var rows = new RowFixtures(client, operations, token);
        await rows.CreateAsync();
        await using var database = await DatabaseFingerprint.OpenAsync(connectionString);

        var failures = new List<string>();
        var sent = await AttackAsync(app.Address, CaseGenerator.Systematic(operations).Concat(CaseGenerator.Random(operations, seed, randomCases)),
            rows, database, failures);
        //#if (IncludeAuth)
        // The admin operations again, as an admin (the run's own user got a 403 for each): acting on
        // an account of their own, which they may lock, change and delete.
        var admin = operations.Where(o => o.Path.StartsWith(AdminPath, StringComparison.Ordinal)).ToArray();
        var adminRows = new RowFixtures(client, operations, await AdminTokenAsync(client, connectionString));
        adminRows.Know(AdminPath, (await RegisterAsync(client, connectionString, "fuzz-victim")).ToString());
        adminRows.Know($"{AdminPath}/{{id}}/roles", "admin");
        sent += await AttackAsync(app.Address, CaseGenerator.Systematic(admin).Concat(CaseGenerator.Random(admin, seed, randomCases / 4)),
            adminRows, database, failures);
        //#endif

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} requests over {operations.Length} operations, seed {seed}");
        Assert.False(app.Process.HasExited, "The app died during the fuzz run.");
        Assert.True(operations.Length > 0 && sent > 100 * operations.Length, $"Only {sent} requests for {operations.Length} operations.");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {sent} requests broke a rule (FUZZ_SEED={seed} FUZZ_CASES={randomCases} replays this run):\n"
            + string.Join("\n", failures.Take(40)));
    }

    /// <summary>
    /// Sends each case, filled by <paramref name="rows"/>, and adds to <paramref name="failures"/> every
    /// rule its answer breaks; a rejected request must leave every row as it was. Returns the count sent.
    /// </summary>
    private static async Task<int> AttackAsync(
        Uri address, IEnumerable<FuzzRequest> cases, RowFixtures rows, DatabaseFingerprint database, List<string> failures)
    {
        var ct = TestContext.Current.CancellationToken;
        var sent = 0;
        var before = await database.TakeAsync();
        foreach (var generated in cases)
        {
#if (IncludeAuth)
            var request = rows.Fill(DependsOnAccounts(generated) ? generated with { Expect = Outcome.Any } : generated);
#else
            var request = rows.Fill(generated);
#endif
            sent++;
            RawHttp.Response response;
            try
            {
                response = await RawHttp.SendAsync(address, request, ct);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException)
            {
                failures.Add($"{request.Describe(address)}\n    no complete answer: {e.Message}");
                continue;
            }
            var broken = ResponseRules.Broken(request, response).Concat(ContractRules.Broken(request, response)).ToList();
            var after = await database.TakeAsync();
            if (response.Status >= 400 && after != before)
            {
                broken.Add($"a rejected request ({response.Status}) changed the database");
            }
            failures.AddRange(broken.Select(b => $"{request.Describe(address)}\n    {b}"));
            if (request.Method == "DELETE" && response.Status < 300)
            {
                await rows.CreateAsync();
                after = await database.TakeAsync();
            }
            before = after;
        }
        return sent;
    }

    //#if (IncludeAuth)
    /// <summary>
    /// Account operations whose success hangs on what the generator cannot know: an address not yet
    /// registered, the right password, a mailed code, whether the caller is an admin and the account
    /// acted on still there. Their answers are still held to every other rule.
    /// </summary>
    private static bool DependsOnAccounts(FuzzRequest request) =>
        request.Expect == Outcome.Success && request.Operation is { } op
        && (op.Path.Contains("/auth/", StringComparison.Ordinal) || op.Path.StartsWith(AdminPath, StringComparison.Ordinal))
        && !(op.Method == "GET" && op.Path.EndsWith("/manage/info", StringComparison.Ordinal));

    /// <summary>A new account's id, registered over HTTP.</summary>
    private static async Task<Guid> RegisterAsync(HttpClient client, string connectionString, string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        await SignIn.RegisterAsync(client, email, SignIn.Password);
        return await Sql.ScalarAsync<Guid>(connectionString, "SELECT id FROM users WHERE normalized_email = $1", email.ToUpperInvariant());
    }

    /// <summary>An admin's access token: a new account given the role in the database, as db admin grant does, then logged in.</summary>
    private static async Task<string> AdminTokenAsync(HttpClient client, string connectionString)
    {
        var email = $"fuzz-admin-{Guid.NewGuid():N}@example.com";
        await SignIn.RegisterAsync(client, email, SignIn.Password);
        await Sql.ScalarAsync<int>(connectionString,
            "WITH granted AS (INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r WHERE u.normalized_email = $1 AND r.name = 'admin' RETURNING 1) SELECT count(*)::int FROM granted",
            email.ToUpperInvariant());
        return (await SignIn.LogInAsync(client, email, SignIn.Password)).GetProperty("accessToken").GetString()!;
    }

    //#endif
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }
}
