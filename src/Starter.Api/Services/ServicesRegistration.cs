//#if (IncludeSample)
using Microsoft.EntityFrameworkCore;
using Starter.Db;

//#endif
namespace Starter.Services;

/// <summary>Registers every service class. Services are scoped: they share the request's <c>AppDbContext</c>.</summary>
public static class ServicesRegistration
{
    public static IServiceCollection AddAppServices(this IServiceCollection services) =>
        services
            .AddSingleton(TimeProvider.System)
            //#if (IncludeSample)
            .AddScoped<ItemService>()
            .AddSingleton(new ExpiringRows("idempotency keys", (db, now, ct) => db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct)))
            //#endif
            .AddScoped<HealthService>()
            .AddSingleton<StartupWarmup>()
            .AddHostedService(services => services.GetRequiredService<StartupWarmup>());
}
