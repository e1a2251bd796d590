using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starter.Models;

namespace Starter.Db;

/// <summary>The <c>items</c> table. The schemas validate the same limits; the database holds the line too.</summary>
public sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> builder)
    {
        builder.ToTable("items", table => table.HasCheckConstraint("ck_items_title_not_blank", "btrim(title) <> ''"));
        builder.Property(i => i.Id).UseIdentityAlwaysColumn();
        builder.Property(i => i.Title).HasMaxLength(Item.TitleMaxLength);
        builder.Property(i => i.Description).HasMaxLength(Item.DescriptionMaxLength);
        builder.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(i => i.UpdatedAt).HasDefaultValueSql("now()");
        // PostgreSQL's xmin system column, bumped on every update: the migration names it, its SQL never creates it.
        builder.Property(i => i.Version).IsRowVersion();
        //#if (IncludeAuth)
        // Deleting a user deletes their items; keyset pages of one owner walk this index.
        builder.HasOne<User>().WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.OwnerId, i.Id });
        //#endif
    }
}
