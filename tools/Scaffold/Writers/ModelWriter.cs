using System.Text;

namespace Scaffold.Writers;

/// <summary>The entity (<c>Models/</c>) and its table mapping (<c>Db/</c>), as <c>Item</c> and <c>ItemConfiguration</c> are.</summary>
public static class ModelWriter
{
    public static string Model(ResourceSpec r)
    {
        var code = new StringBuilder();
        code.AppendLine($"namespace {r.Project.Namespace}.Models;");
        code.AppendLine();
        code.AppendLine($"/// <summary>A row of the <c>{r.Table}</c> table. Never leaves the service layer; the API speaks <c>Schemas.{r.Name}*</c>.</summary>");
        code.AppendLine($"public sealed class {r.Name}");
        code.AppendLine("{");
        var limits = r.Fields.Where(f => f.Limit is not null).ToList();
        foreach (var field in limits)
        {
            code.AppendLine($"    public const int {field.Name}MaxLength = {field.Limit};");
        }
        if (limits.Count > 0)
        {
            code.AppendLine();
        }
        code.AppendLine("    public long Id { get; set; }");
        code.AppendLine();
        if (r.Owned)
        {
            code.AppendLine("    /// <summary>The user who created it, and the only one who can see or change it.</summary>");
            code.AppendLine("    public Guid OwnerId { get; set; }");
            code.AppendLine();
        }
        foreach (var field in r.Fields)
        {
            if (field.Kind == FieldKind.Reference)
            {
                code.AppendLine($"    /// <summary>The {Naming.Words(field.Referenced!)} it belongs to.</summary>");
            }
            var required = field.IsText && !field.Optional ? "required " : "";
            code.AppendLine($"    public {required}{field.ClrType} {field.Name} {{ get; set; }}");
            code.AppendLine();
        }
        code.AppendLine("    public DateTimeOffset CreatedAt { get; set; }");
        code.AppendLine();
        code.AppendLine("    public DateTimeOffset UpdatedAt { get; set; }");
        code.AppendLine();
        code.AppendLine("    /// <summary>PostgreSQL's <c>xmin</c>: changes with every update, so it serves as the row version and the ETag.</summary>");
        code.AppendLine("    public uint Version { get; set; }");
        code.AppendLine("}");
        return code.ToString();
    }

    public static string Configuration(ResourceSpec r)
    {
        var x = r.Letter;
        var code = new StringBuilder();
        code.AppendLine("using Microsoft.EntityFrameworkCore;");
        code.AppendLine("using Microsoft.EntityFrameworkCore.Metadata.Builders;");
        code.AppendLine($"using {r.Project.Namespace}.Models;");
        code.AppendLine();
        code.AppendLine($"namespace {r.Project.Namespace}.Db;");
        code.AppendLine();
        code.AppendLine($"/// <summary>The <c>{r.Table}</c> table. The schemas validate the same limits; the database holds the line too.</summary>");
        code.AppendLine($"public sealed class {r.Name}Configuration : IEntityTypeConfiguration<{r.Name}>");
        code.AppendLine("{");
        code.AppendLine($"    public void Configure(EntityTypeBuilder<{r.Name}> builder)");
        code.AppendLine("    {");
        var notBlank = r.Fields.Where(f => f.NotBlank).ToList();
        if (notBlank.Count == 0)
        {
            code.AppendLine($"        builder.ToTable(\"{r.Table}\");");
        }
        else
        {
            code.AppendLine($"        builder.ToTable(\"{r.Table}\", table =>");
            code.AppendLine("        {");
            foreach (var field in notBlank)
            {
                code.AppendLine($"            table.HasCheckConstraint(\"ck_{r.Table}_{field.Column}_not_blank\", \"btrim({field.Column}) <> ''\");");
            }
            code.AppendLine("        });");
        }
        code.AppendLine($"        builder.Property({x} => {x}.Id).UseIdentityAlwaysColumn();");
        foreach (var field in r.Fields)
        {
            switch (field.Kind)
            {
                case FieldKind.ShortText:
                    code.AppendLine($"        builder.Property({x} => {x}.{field.Name}).HasMaxLength({r.Name}.{field.Name}MaxLength);");
                    break;
                case FieldKind.Text:
                    // text in PostgreSQL: the limit is the schema's, so a longer one can be allowed later without a migration.
                    code.AppendLine($"        builder.Property({x} => {x}.{field.Name}).HasColumnType(\"text\");");
                    break;
                case FieldKind.Money:
                    code.AppendLine($"        builder.Property({x} => {x}.{field.Name}).HasPrecision(18, 2);");
                    break;
            }
        }
        code.AppendLine($"        builder.Property({x} => {x}.CreatedAt).HasDefaultValueSql(\"now()\");");
        code.AppendLine($"        builder.Property({x} => {x}.UpdatedAt).HasDefaultValueSql(\"now()\");");
        code.AppendLine("        // PostgreSQL's xmin system column, bumped on every update: the migration names it, its SQL never creates it.");
        code.AppendLine($"        builder.Property({x} => {x}.Version).IsRowVersion();");
        if (r.Owned)
        {
            code.AppendLine("        // Deleting a user deletes their rows; keyset pages of one owner walk this index.");
            code.AppendLine($"        builder.HasOne<User>().WithMany().HasForeignKey({x} => {x}.OwnerId).OnDelete(DeleteBehavior.Cascade);");
            code.AppendLine($"        builder.HasIndex({x} => new {{ {x}.OwnerId, {x}.Id }});");
        }
        foreach (var field in r.Fields.Where(f => f.Unique))
        {
            code.AppendLine(r.Owned
                ? $"        builder.HasIndex({x} => new {{ {x}.OwnerId, {x}.{field.Name} }}).IsUnique();"
                : $"        builder.HasIndex({x} => {x}.{field.Name}).IsUnique();");
        }
        foreach (var field in r.ReferenceFields)
        {
            var (behaviour, why) = field.Cascade ? ("Cascade", $"deleting the {Naming.Words(field.Referenced!)} deletes its {r.PluralWords}")
                : field.Optional ? ("SetNull", $"deleting the {Naming.Words(field.Referenced!)} leaves its {r.PluralWords} without one")
                : ("NoAction", $"a {Naming.Words(field.Referenced!)} with {r.PluralWords} cannot be deleted (a 409 naming them)");
            code.AppendLine($"        // {char.ToUpperInvariant(why[0])}{why[1..]}; its {r.PluralWords} are listed by this index.");
            code.AppendLine($"        builder.HasOne<{field.Referenced}>().WithMany().HasForeignKey({x} => {x}.{field.Name}).OnDelete(DeleteBehavior.{behaviour});");
            code.AppendLine($"        builder.HasIndex({x} => new {{ {x}.{field.Name}, {x}.Id }});");
        }
        code.AppendLine("    }");
        code.AppendLine("}");
        return code.ToString();
    }
}
