using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Starter.Db;
using Starter.Db.Cli;
//#if (IncludeSample)
using Starter.Models;
//#endif

namespace Starter.Tests.Db;

/// <summary><c>db check</c>'s core: an entity change without a migration must be caught and named.</summary>
public sealed class ModelCheckTests
{
    [Fact]
    public void UnmigratedChanges_OnThisModel_AreNone()
    {
        using var db = Context<RelationalModelCustomizer>();

        Assert.Empty(ModelCheck.UnmigratedChanges(db));
    }

    [Fact]
    public void UnmigratedChanges_WithANewEntity_NameTheTableToCreate()
    {
        using var db = Context<NotesTableCustomizer>();

        var change = Assert.Single(ModelCheck.UnmigratedChanges(db));
        Assert.Equal("CreateTable notes", change);
    }
    //#if (IncludeSample)

    [Fact]
    public void UnmigratedChanges_WithANewProperty_NameTheColumnToAdd()
    {
        using var db = Context<PriorityColumnCustomizer>();

        var change = Assert.Single(ModelCheck.UnmigratedChanges(db));
        Assert.Equal("AddColumn items.priority", change);
    }
    //#endif

    private static AppDbContext Context<TCustomizer>()
        where TCustomizer : class, IModelCustomizer
    {
        // Never opened: the check compares models, not databases.
        var dataSource = NpgsqlDataSource.Create("Host=localhost;Database=never_opened");
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseAppDatabase(dataSource);
        options.ReplaceService<IModelCustomizer, TCustomizer>();
        return new AppDbContext(options.Options);
    }

    /// <summary>Stands for a developer who added a <c>Note</c> entity and forgot the migration.</summary>
    private sealed class NotesTableCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.SharedTypeEntity<Dictionary<string, object>>("Note", note =>
            {
                note.ToTable("notes");
                note.Property<long>("Id");
                note.HasKey("Id");
            });
        }
    }
    //#if (IncludeSample)

    /// <summary>Stands for a developer who added <c>Item.Priority</c> and forgot the migration.</summary>
    private sealed class PriorityColumnCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<Item>().Property<int>("Priority");
        }
    }
    //#endif
}
