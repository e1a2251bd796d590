namespace Starter.Services;

/// <summary>
/// A service with hot queries: <see cref="StartupWarmup"/> runs <see cref="WarmUpAsync"/> once at
/// start, before readiness says yes, so the first real requests do not pay for building and caching
/// them. Register the service with <c>AddAppService&lt;T&gt;()</c>, which registers it as this too.
/// </summary>
public interface IWarmUp
{
    /// <summary>Runs each hot query once, as cheaply as it can (reads that find nothing).</summary>
    Task WarmUpAsync(CancellationToken ct);
}
