using Microsoft.EntityFrameworkCore;
using Starter.Models;

namespace Starter.Db;

/// <summary>The one EF Core context. Entity shapes live in <c>Models/</c>, their mappings beside this file.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}
