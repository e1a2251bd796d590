using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Starter.Deploy.LoadCheck;

/// <summary>What one request got: a status with the headers that matter here, or a transport error.</summary>
public sealed record Reply(int Status, string? Error, string Body, string? MediaType, TimeSpan? RetryAfter, string? Location, string? ETag)
{
    /// <summary>The status, or the error as "error:ConnectionError", "error:Timeout", …</summary>
    public string Label => Error ?? Status.ToString();

    /// <summary>The app's answer to a database outage: a 503 problem that says when to retry.</summary>
    public bool IsOutageProblem => Status == 503 && MediaType == "application/problem+json" && RetryAfter is not null;

    public static Reply Failed(string error) => new(0, error, "", null, null, null, null);
}

/// <summary>The API as the load uses it: paced, with the bearer token, every outcome counted and recorded.</summary>
public sealed class ApiClient(HttpClient http, Pacer pacer, Recorder recorder)
{
    private string? _token;

    /// <summary>Every status and error seen, setup included.</summary>
    public Counter Statuses { get; } = new();

    /// <summary>
    /// Registers a fresh user and logs in. False when the app has no accounts (register is a 404):
    /// the load then goes without a token.
    /// </summary>
    public async Task<bool> SignInAsync(string email, string password, CancellationToken ct)
    {
        var credentials = new JsonObject { ["email"] = email, ["password"] = password };
        var register = await SendAsync(HttpMethod.Post, "/api/v1/auth/register", "setup", ct, credentials);
        if (register.Status == 404)
        {
            return false;
        }
        if (register.Status != 200)
        {
            throw new SetupException($"POST /api/v1/auth/register answered {register.Label}: {register.Body}");
        }
        var login = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", "setup", ct, credentials);
        _token = login.Status == 200 ? JsonNode.Parse(login.Body)?["accessToken"]?.GetValue<string>() : null;
        return _token is not null
            ? true
            : throw new SetupException($"POST /api/v1/auth/login answered {login.Label}: {login.Body}");
    }

    /// <summary>
    /// One request, after waiting for its slot. <paramref name="ct"/> cancels the wait and the
    /// request; a request that times out on its own is the outcome "error:Timeout".
    /// </summary>
    public async Task<Reply> SendAsync(
        HttpMethod method, string path, string kind, CancellationToken ct, JsonNode? body = null, string? idempotencyKey = null)
    {
        await pacer.WaitAsync(ct);
        using var request = new HttpRequestMessage(method, path);
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        Reply reply;
        try
        {
            using var response = await http.SendAsync(request, ct);
            reply = new Reply(
                (int)response.StatusCode,
                null,
                await response.Content.ReadAsStringAsync(ct),
                response.Content.Headers.ContentType?.MediaType,
                RetryAfter(response.Headers.RetryAfter),
                response.Headers.Location?.OriginalString,
                response.Headers.ETag?.Tag);
        }
        catch (HttpRequestException e)
        {
            reply = Reply.Failed($"error:{e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            reply = Reply.Failed("error:Timeout");
        }
        Statuses.Add(reply.Label);
        recorder.Event(kind, reply.Label);
        return reply;
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}

/// <summary>The load could not start: no account, no login.</summary>
public sealed class SetupException(string message) : Exception(message);
