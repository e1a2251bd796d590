using Microsoft.Extensions.Options;
using Npgsql;
using Starter.Core;

namespace Starter.Db;

/// <summary>
/// One <see cref="NpgsqlDataSource"/> for the process, a pooled <see cref="AppDbContext"/> over it, and
/// the hourly clean-up of expired rows.
/// </summary>
public static class DatabaseRegistration
{
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new NpgsqlDataSourceBuilder(options.ConnectionString)
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                .Build();
        });
        services.AddDbContextPool<AppDbContext>((sp, options) =>
            options.UseAppDatabase(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<ConstraintFields>();
        // Each table with expiring rows registers an ExpiringRows beside its feature.
        services.AddSingleton<ExpiredRowsCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredRowsCleanup>());
        return services;
    }
}
