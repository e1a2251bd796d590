using Microsoft.EntityFrameworkCore;
//#if (IncludeSample)
using Starter.Models;
//#endif

namespace Starter.Db;

/// <summary>The one EF Core context. Entity shapes live in <c>Models/</c>, their mappings beside this file.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    //#if (IncludeSample)
    public DbSet<Item> Items => Set<Item>();

    //#endif
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}
