using Microsoft.EntityFrameworkCore;
using Starter.Db;

namespace Starter.Services;

/// <summary>Registers every service class. Services are scoped: they share the request's <c>AppDbContext</c>.</summary>
public static class ServicesRegistration
{
    public static IServiceCollection AddAppServices(this IServiceCollection services) =>
        services
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new ExpiringRows("idempotency keys", (db, now, ct) => db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct)))
            //#if (IncludeSample)
            .AddAppService<ItemService>()
            //#endif
            .AddScoped<HealthService>()
            .AddSingleton<StartupWarmup>()
            .AddHostedService(services => services.GetRequiredService<StartupWarmup>());

    /// <summary>
    /// A service class, scoped (it shares the request's <c>AppDbContext</c>); if it has hot queries
    /// (<see cref="IWarmUp"/>), the start-up warm-up runs them too.
    /// </summary>
    public static IServiceCollection AddAppService<TService>(this IServiceCollection services)
        where TService : class
    {
        services.AddScoped<TService>();
        if (typeof(IWarmUp).IsAssignableFrom(typeof(TService)))
        {
            services.AddScoped(provider => (IWarmUp)provider.GetRequiredService<TService>());
        }
        return services;
    }
}
