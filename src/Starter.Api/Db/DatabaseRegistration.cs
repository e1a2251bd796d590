using Microsoft.Extensions.Options;
using Npgsql;
using Starter.Core;

namespace Starter.Db;

/// <summary>One <see cref="NpgsqlDataSource"/> for the process and a pooled <see cref="AppDbContext"/> over it.</summary>
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
        return services;
    }
}
