using System.Text.Json;
using System.Text.Json.Nodes;

namespace Starter.Deploy.LoadCheck;

/// <summary>
/// One phase's load: readers get items this run created and the first page of the list; creators
/// post new items, each with a fresh Idempotency-Key that is also its title, and retry with the
/// same key and body whenever the outcome is unknown or the service says "later". Reads are never
/// retried: a failed read counts.
/// </summary>
public sealed class LoadRun(LoadOptions options, ApiClient api, Recorder recorder)
{
    private const string ItemsPath = "/api/v1/items";
    private const string ListPath = ItemsPath + "?limit=20";
    // Creates before the load starts, so that readers have ids to get.
    private const int SeedItems = 3;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly List<long> _ids = [];
    private readonly Lock _idsLock = new();
    private readonly Counter _readsFailed = new();
    private readonly Counter _createsFailed = new();
    private readonly Counter _createRetriedOn = new();
    private int _readsOk;
    private int _readsOutage;
    private int _acknowledged;
    private int _attempts;
    private int _improper503;
    private bool _signedIn;

    public async Task SetUpAsync(CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        _signedIn = await api.SignInAsync($"loadcheck-{options.Phase}-{id}@example.com", $"Lc-{id}-A1!", ct);
        for (var i = 0; i < SeedItems; i++)
        {
            await CreateAsync(ct);
        }
    }

    /// <summary>
    /// Runs every worker until <paramref name="stopping"/>; each then finishes what it is doing (a
    /// create with all its retries), bounded by <paramref name="hard"/>.
    /// </summary>
    public Task RunAsync(CancellationToken stopping, CancellationToken hard) => Task.WhenAll(
        Enumerable.Range(0, options.Readers).Select(_ => LoopAsync(ReadAsync, stopping, hard))
            .Concat(Enumerable.Range(0, options.Creators).Select(_ => LoopAsync(CreateAsync, stopping, hard))));

    private static async Task LoopAsync(Func<CancellationToken, Task> operation, CancellationToken stopping, CancellationToken hard)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await operation(hard);
            }
        }
        catch (OperationCanceledException) when (hard.IsCancellationRequested)
        {
            // Past the hard deadline: what was in flight is left uncounted.
        }
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        var reply = await api.SendAsync(HttpMethod.Get, NextReadPath(), "read", ct);
        CheckOutageShape(reply);
        if (reply.Status == 200)
        {
            Interlocked.Increment(ref _readsOk);
        }
        else if (options.Allow503 && reply.IsOutageProblem)
        {
            Interlocked.Increment(ref _readsOutage);
        }
        else
        {
            _readsFailed.Add(reply.Label);
        }
    }

    private string NextReadPath()
    {
        lock (_idsLock)
        {
            // One read in four is the list's first page; the rest, one item by id.
            return _ids.Count == 0 || Random.Shared.Next(4) == 0
                ? ListPath
                : $"{ItemsPath}/{_ids[Random.Shared.Next(_ids.Count)]}";
        }
    }

    private async Task CreateAsync(CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString();
        var body = new JsonObject { ["title"] = key, ["description"] = null };
        Reply? reply = null;
        for (var attempt = 1; attempt <= options.MaxCreateAttempts; attempt++)
        {
            if (reply is not null)
            {
                _createRetriedOn.Add(reply.Label);
                await Task.Delay(RetryDelay(reply, attempt), ct);
            }
            Interlocked.Increment(ref _attempts);
            reply = await api.SendAsync(HttpMethod.Post, ItemsPath, "create", ct, body, key);
            CheckOutageShape(reply);
            if (reply.Status == 201)
            {
                Acknowledge(key, reply);
                return;
            }
            if (!Retryable(reply))
            {
                break;
            }
        }
        _createsFailed.Add(Retryable(reply!) ? $"gave up on {reply!.Label}" : reply!.Label);
        recorder.Create(key, null);
    }

    /// <summary>
    /// The outcome is unknown (no answer, or nginx's 502/504), or the service asks to come back: the
    /// same key and body again. 409: the first attempt with this key is still running somewhere.
    /// </summary>
    private static bool Retryable(Reply reply) => reply.Error is not null || reply.Status is 409 or 502 or 503 or 504;

    /// <summary>As Retry-After says, but never past a second (the phases are short); else 0.1 s doubling.</summary>
    private static TimeSpan RetryDelay(Reply reply, int attempt)
    {
        var backoff = TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt - 2));
        var delay = reply.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : backoff;
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private void Acknowledge(string key, Reply reply)
    {
        long? id = null;
        string? title = null;
        try
        {
            var item = JsonNode.Parse(reply.Body);
            id = item?["id"]?.GetValue<long>();
            title = item?["title"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // Counted below as a 201 that names no item.
        }
        var problem = (id, title, reply.Location, reply.ETag) switch
        {
            (null, _, _, _) => "201 without an item id",
            (_, _, null, _) or (_, _, _, null) => "201 without Location or ETag",
            _ when title != key => "201 with another item (title is not the key)",
            _ => null,
        };
        if (problem is not null)
        {
            _createsFailed.Add(problem);
            recorder.Create(key, null);
            return;
        }
        Interlocked.Increment(ref _acknowledged);
        recorder.Create(key, id);
        lock (_idsLock)
        {
            _ids.Add(id!.Value);
        }
    }

    /// <summary>A 503 must be the app's outage problem (problem+json, Retry-After) in any phase.</summary>
    private void CheckOutageShape(Reply reply)
    {
        if (reply.Status == 503 && !reply.IsOutageProblem)
        {
            Interlocked.Increment(ref _improper503);
        }
    }

    /// <summary>The counts as JSON, and whether the phase's expectation held.</summary>
    public (JsonObject Report, bool Passed) Report(TimeSpan elapsed)
    {
        var problems = new List<string>();
        if (_readsFailed.Total > 0)
        {
            problems.Add($"{_readsFailed.Total} reads failed");
        }
        if (_createsFailed.Total > 0)
        {
            problems.Add($"{_createsFailed.Total} creates failed");
        }
        if (_improper503 > 0)
        {
            problems.Add($"{_improper503} answers were 503 without a problem body and Retry-After");
        }
        if (_readsOk == 0 || _acknowledged == 0)
        {
            problems.Add("no load went through (no read or no create succeeded)");
        }
        var report = new JsonObject
        {
            ["phase"] = options.Phase,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["signedIn"] = _signedIn,
            ["allow503"] = options.Allow503,
            ["reads"] = new JsonObject
            {
                ["ok"] = _readsOk,
                ["outage503"] = _readsOutage,
                ["failed"] = _readsFailed.Total,
                ["failedBy"] = _readsFailed.ToJson(),
            },
            ["creates"] = new JsonObject
            {
                ["acknowledged"] = _acknowledged,
                ["attempts"] = _attempts,
                ["retries"] = _createRetriedOn.Total,
                ["retriedOn"] = _createRetriedOn.ToJson(),
                ["failed"] = _createsFailed.Total,
                ["failedBy"] = _createsFailed.ToJson(),
            },
            ["improper503"] = _improper503,
            ["statuses"] = api.Statuses.ToJson(),
            ["passed"] = problems.Count == 0,
            ["problems"] = new JsonArray([.. problems.Select(p => JsonValue.Create(p))]),
        };
        return (report, problems.Count == 0);
    }
}
