//#if (IncludeAuth)
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
//#endif
using Microsoft.EntityFrameworkCore;
using Starter.Models;

namespace Starter.Db;

#if (IncludeAuth)
/// <summary>
/// The one EF Core context: Identity's user and role tables (from its base), the data-protection key
/// ring's table (its rows are read and written by <c>Auth/KeyRingRepository.cs</c>), and this app's
/// entities. Entity shapes live in <c>Models/</c>, their mappings beside this file.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<User, IdentityRole<Guid>, Guid>(options)
#else
/// <summary>The one EF Core context. Entity shapes live in <c>Models/</c>, their mappings beside this file.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
#endif
{
    //#if (IncludeSample)
    public DbSet<Item> Items => Set<Item>();

    //#endif
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

#if (IncludeAuth)
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ConfigureUsers();
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
#else
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
#endif
}
