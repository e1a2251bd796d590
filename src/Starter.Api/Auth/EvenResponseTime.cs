using System.Diagnostics;

namespace Starter.Auth;

/// <summary>
/// Forgot-password and resend-confirmation answer 200 whether or not the address has an account,
/// but only for an account is there work to do (a token, a queued mail): timed, the answer would
/// tell. So each answers no sooner than <see cref="Floor"/> after it arrived, a wait that holds no
/// thread. (Login needs no floor: it hashes against a dummy hash, <see cref="AppSignInManager"/>.)
/// </summary>
public static class EvenResponseTime
{
    /// <summary>Well above the work for an existing account, on a busy machine too.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(250);

    public static async ValueTask<T> AtLeastFloorAsync<T>(Func<ValueTask<T>> answer, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await answer();
        var left = Floor - Stopwatch.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, ct);
        }
        return result;
    }
}
