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
        var sent = 0;
        var before = await database.TakeAsync();
        foreach (var generated in CaseGenerator.Systematic(operations).Concat(CaseGenerator.Random(operations, seed, randomCases)))
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
                response = await RawHttp.SendAsync(app.Address, request, ct);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException)
            {
                failures.Add($"{request.Describe(app.Address)}\n    no complete answer: {e.Message}");
                continue;
            }
            var broken = ResponseRules.Broken(request, response).Concat(ContractRules.Broken(request, response)).ToList();
            var after = await database.TakeAsync();
            if (response.Status >= 400 && after != before)
            {
                broken.Add($"a rejected request ({response.Status}) changed the database");
            }
            failures.AddRange(broken.Select(b => $"{request.Describe(app.Address)}\n    {b}"));
            if (request.Method == "DELETE" && response.Status < 300)
            {
                await rows.CreateAsync();
                after = await database.TakeAsync();
            }
            before = after;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} requests over {operations.Length} operations, seed {seed}");
        Assert.False(app.Process.HasExited, "The app died during the fuzz run.");
        Assert.True(operations.Length > 0 && sent > 100 * operations.Length, $"Only {sent} requests for {operations.Length} operations.");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {sent} requests broke a rule (FUZZ_SEED={seed} FUZZ_CASES={randomCases} replays this run):\n"
            + string.Join("\n", failures.Take(40)));
    }

    //#if (IncludeAuth)
    /// <summary>
    /// Account operations whose success hangs on what the generator cannot know: an address not yet
    /// registered, the right password, a mailed code. Their answers are still held to every other rule.
    /// </summary>
    private static bool DependsOnAccounts(FuzzRequest request) =>
        request.Expect == Outcome.Success && request.Operation is { } op && op.Path.Contains("/auth/", StringComparison.Ordinal)
        && !(op.Method == "GET" && op.Path.EndsWith("/manage/info", StringComparison.Ordinal));

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
