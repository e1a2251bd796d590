using System.Text;

namespace Scaffold.Writers;

/// <summary>The service (<c>Services/</c>) holding every rule of the resource, as <c>ItemService</c> does.</summary>
public static class ServiceWriter
{
    public static string Service(ResourceSpec r)
    {
        var x = r.Letter;
        var owner = r.Owned ? "Guid ownerId, " : "";
        var ownerArgument = r.Owned ? "ownerId, " : "";
        var ownerFilter = r.Owned ? $" && {x}.OwnerId == ownerId" : "";
        var projection = $"new {r.Name}Read({x}.Id, {string.Join(", ", r.Fields.Select(f => $"{x}.{f.Name}"))}, {x}.CreatedAt, {x}.UpdatedAt)";
        var code = new StringBuilder();
        code.AppendLine("using System.Linq.Expressions;");
        code.AppendLine("using Microsoft.EntityFrameworkCore;");
        code.AppendLine($"using {r.Project.Namespace}.Db;");
        code.AppendLine($"using {r.Project.Namespace}.Models;");
        code.AppendLine($"using {r.Project.Namespace}.Schemas;");
        code.AppendLine();
        code.AppendLine($"namespace {r.Project.Namespace}.Services;");
        code.AppendLine();
        code.AppendLine("/// <summary>");
        code.AppendLine($"/// Every rule about {r.PluralWords}. Reads project straight into schemas in SQL; entities stay in here.");
        if (r.Owned)
        {
            code.AppendLine($"/// Every query is scoped to the caller (<c>ownerId</c>): another user's {r.Words} is not found.");
        }
        code.AppendLine("/// </summary>");
        code.AppendLine($"public sealed class {r.Name}Service(AppDbContext db, TimeProvider clock) : IWarmUp");
        code.AppendLine("{");
        code.AppendLine($"    private static readonly Expression<Func<{r.Name}, {r.Name}Read>> ToRead =");
        code.AppendLine($"        {x} => {projection};");
        code.AppendLine();
        code.AppendLine($"    private static readonly Func<{r.Name}, {r.Name}Read> ToReadCompiled = ToRead.Compile();");
        code.AppendLine();
        code.AppendLine("    // The hot reads are compiled once: a LINQ query otherwise rebuilds and hashes its expression");
        code.AppendLine("    // tree on every call to find its cached plan.");
        code.AppendLine($"    private static readonly Func<AppDbContext, {(r.Owned ? "Guid, " : "")}long, CancellationToken, Task<Versioned<{r.Name}Read>?>> GetQuery =");
        code.AppendLine($"        EF.CompileAsyncQuery((AppDbContext db, {owner}long id, CancellationToken ct) =>");
        code.AppendLine($"            db.Set<{r.Name}>().AsNoTracking()");
        code.AppendLine($"                .Where({x} => {x}.Id == id{ownerFilter})");
        code.AppendLine($"                .Select({x} => new Versioned<{r.Name}Read>({projection}, {x}.Version))");
        code.AppendLine("                .SingleOrDefault());");
        code.AppendLine();
        code.AppendLine($"    private static readonly Func<AppDbContext, {(r.Owned ? "Guid, " : "")}long, int, IAsyncEnumerable<{r.Name}Read>> PageQuery =");
        code.AppendLine($"        EF.CompileAsyncQuery((AppDbContext db, {owner}long afterId, int take) =>");
        code.AppendLine($"            db.Set<{r.Name}>().AsNoTracking()");
        code.AppendLine($"                .Where({x} => {x}.Id > afterId{ownerFilter})");
        code.AppendLine($"                .OrderBy({x} => {x}.Id)");
        code.AppendLine("                .Take(take)");
        code.AppendLine("                .Select(ToRead));");
        foreach (var field in r.ReferenceFields)
        {
            var parent = Naming.Camel(field.Name);
            code.AppendLine();
            code.AppendLine($"    private static readonly Func<AppDbContext, {(r.Owned ? "Guid, " : "")}long, long, int, IAsyncEnumerable<{r.Name}Read>> PageOf{field.Referenced}Query =");
            code.AppendLine($"        EF.CompileAsyncQuery((AppDbContext db, {owner}long {parent}, long afterId, int take) =>");
            code.AppendLine($"            db.Set<{r.Name}>().AsNoTracking()");
            code.AppendLine($"                .Where({x} => {x}.{field.Name} == {parent} && {x}.Id > afterId{ownerFilter})");
            code.AppendLine($"                .OrderBy({x} => {x}.Id)");
            code.AppendLine("                .Take(take)");
            code.AppendLine("                .Select(ToRead));");
        }
        code.AppendLine();

        // Create.
        code.AppendLine($"    public async Task<Versioned<{r.Name}Read>> CreateAsync({owner}{r.Name}Create create, CancellationToken ct)");
        code.AppendLine("    {");
        foreach (var field in r.ReferenceFields)
        {
            code.AppendLine($"        {EnsureReference(r, field, $"create.{field.Name}")}");
        }
        code.AppendLine("        var now = clock.GetDatabaseNow();");
        code.AppendLine($"        var {Naming.Safe(r.Variable)} = new {r.Name}");
        code.AppendLine("        {");
        if (r.Owned)
        {
            code.AppendLine("            OwnerId = ownerId,");
        }
        foreach (var field in r.Fields)
        {
            code.AppendLine($"            {field.Name} = {Stored(field, $"create.{field.Name}")},");
        }
        code.AppendLine("            CreatedAt = now,");
        code.AppendLine("            UpdatedAt = now,");
        code.AppendLine("        };");
        code.AppendLine($"        db.Add({Naming.Safe(r.Variable)});");
        code.AppendLine("        await db.SaveChangesAsync(ct);");
        code.AppendLine($"        return Read({Naming.Safe(r.Variable)});");
        code.AppendLine("    }");
        code.AppendLine();

        // Get and lists.
        code.AppendLine($"    public Task<Versioned<{r.Name}Read>?> GetAsync({owner}long id, CancellationToken ct) => GetQuery(db, {ownerArgument}id, ct);");
        code.AppendLine();
        code.AppendLine("    /// <summary>Keyset pagination: the page after <paramref name=\"afterId\"/>, so a page costs the same at any depth.</summary>");
        code.AppendLine($"    public async Task<{r.Name}Page> ListAsync({owner}long afterId, int limit, CancellationToken ct)");
        code.AppendLine("    {");
        code.AppendLine($"        var (rows, next) = await Keyset.PageAsync(PageQuery(db, {ownerArgument}afterId, limit + 1), limit, {x} => {x}.Id, ct);");
        code.AppendLine($"        return new {r.Name}Page(rows, next);");
        code.AppendLine("    }");
        foreach (var field in r.ReferenceFields)
        {
            var parent = Naming.Camel(field.Name);
            var referenced = r.Referenced(field);
            var ownedParent = r.Owned && referenced.Owned ? " && row.OwnerId == ownerId" : "";
            code.AppendLine();
            code.AppendLine($"    /// <summary>The {r.PluralWords} of one {Naming.Words(field.Referenced!)}, a page at a time; null when {(ownedParent.Length > 0 ? "the caller has" : "there is")} no such {Naming.Words(field.Referenced!)}.</summary>");
            code.AppendLine($"    public async Task<{r.Name}Page?> ListOf{field.Referenced}Async({owner}long {parent}, long afterId, int limit, CancellationToken ct)");
            code.AppendLine("    {");
            code.AppendLine($"        if (!await db.Set<{field.Referenced}>().AnyAsync(row => row.Id == {parent}{ownedParent}, ct))");
            code.AppendLine("        {");
            code.AppendLine("            return null;");
            code.AppendLine("        }");
            code.AppendLine($"        var query = PageOf{field.Referenced}Query(db, {ownerArgument}{parent}, afterId, limit + 1);");
            code.AppendLine($"        var (rows, next) = await Keyset.PageAsync(query, limit, {x} => {x}.Id, ct);");
            code.AppendLine($"        return new {r.Name}Page(rows, next);");
            code.AppendLine("    }");
        }
        code.AppendLine();

        // Update.
        var hasReferences = r.ReferenceFields.Any();
        code.AppendLine("    /// <summary>");
        code.AppendLine("    /// Applies the fields <paramref name=\"update\"/> carries. The row is locked while it is read and");
        code.AppendLine("    /// written, so concurrent updates queue up: with <paramref name=\"expectedVersion\"/> (If-Match)");
        code.AppendLine("    /// exactly one of the writers holding the same version wins and the rest see");
        code.AppendLine("    /// <see cref=\"UpdateStatus.VersionMismatch\"/>; without it, each applies in turn and none is lost.");
        code.AppendLine("    /// </summary>");
        code.AppendLine($"    public async Task<UpdateResult<{r.Name}Read>> UpdateAsync({owner}long id, {r.Name}Update update, uint? expectedVersion, CancellationToken ct)");
        code.AppendLine("    {");
        code.AppendLine("        await using var transaction = await db.Database.BeginTransactionAsync(ct);");
        code.AppendLine("        // xmin is a system column, so \"*\" leaves it out.");
        code.AppendLine($"        var row = await db.Set<{r.Name}>()");
        code.AppendLine($"            .FromSql($\"SELECT *, xmin FROM {r.Table} WHERE id = {{id}} FOR UPDATE\")");
        if (r.Owned)
        {
            code.AppendLine($"            .Where({x} => {x}.OwnerId == ownerId)");
        }
        code.AppendLine("            .SingleOrDefaultAsync(ct);");
        code.AppendLine("        if (row is null)");
        code.AppendLine("        {");
        code.AppendLine($"            return UpdateResult.NotFound<{r.Name}Read>();");
        code.AppendLine("        }");
        code.AppendLine("        if (expectedVersion is { } expected && expected != row.Version)");
        code.AppendLine("        {");
        code.AppendLine($"            return UpdateResult.VersionMismatch<{r.Name}Read>();");
        code.AppendLine("        }");
        code.AppendLine();
        code.AppendLine(hasReferences ? $"        await ApplyAsync({ownerArgument}update, row, ct);" : "        Apply(update, row);");
        code.AppendLine("        await db.SaveChangesAsync(ct);");
        code.AppendLine("        await transaction.CommitAsync(ct);");
        code.AppendLine($"        return UpdateResult.Updated(Read(row));");
        code.AppendLine("    }");
        code.AppendLine();

        // Delete.
        code.AppendLine($"    public async Task<bool> DeleteAsync({owner}long id, CancellationToken ct) =>");
        code.AppendLine($"        await db.Set<{r.Name}>().Where({x} => {x}.Id == id{ownerFilter}).ExecuteDeleteAsync(ct) > 0;");
        code.AppendLine();

        // Warm-up.
        var empty = r.Owned ? "Guid.Empty, " : "";
        code.AppendLine("    /// <summary>The hot reads, once each, finding nothing: run by the start-up warm-up.</summary>");
        code.AppendLine("    public async Task WarmUpAsync(CancellationToken ct)");
        code.AppendLine("    {");
        code.AppendLine($"        await GetAsync({empty}0, ct);");
        code.AppendLine($"        await ListAsync({empty}0, 1, ct);");
        foreach (var field in r.ReferenceFields)
        {
            code.AppendLine($"        await Keyset.PageAsync(PageOf{field.Referenced}Query(db, {empty}0, 0, 2), 1, {x} => {x}.Id, ct);");
        }
        code.AppendLine("    }");
        code.AppendLine();

        // Apply.
        code.AppendLine(hasReferences
            ? $"    private async Task ApplyAsync({owner}{r.Name}Update update, {r.Name} row, CancellationToken ct)"
            : $"    private void Apply({r.Name}Update update, {r.Name} row)");
        code.AppendLine("    {");
        foreach (var field in r.Fields)
        {
            code.AppendLine($"        if (update.Has{field.Name})");
            code.AppendLine("        {");
            if (field.Kind == FieldKind.Reference)
            {
                var value = field.Optional ? $"update.{field.Name}" : Naming.Camel(field.Name);
                if (!field.Optional)
                {
                    code.AppendLine($"            var {value} = update.{field.Name} ?? throw new InvalidFieldException(\"{field.Json}\", \"The value cannot be null.\");");
                }
                code.AppendLine($"            {EnsureReference(r, field, value)}");
                code.AppendLine($"            row.{field.Name} = {value};");
            }
            else if (field.Optional)
            {
                code.AppendLine($"            row.{field.Name} = {Stored(field, $"update.{field.Name}")};");
            }
            else if (field.IsText)
            {
                // [DisallowNull]: the JSON reader refuses a null before it gets here.
                code.AppendLine($"            row.{field.Name} = update.{field.Name}!;");
            }
            else
            {
                code.AppendLine($"            row.{field.Name} = {Stored(field, $"update.{field.Name} ?? throw new InvalidFieldException(\"{field.Json}\", \"The value cannot be null.\")")};");
            }
            code.AppendLine("        }");
        }
        code.AppendLine("        if (db.ChangeTracker.HasChanges())");
        code.AppendLine("        {");
        code.AppendLine("            row.UpdatedAt = clock.GetDatabaseNow();");
        code.AppendLine("        }");
        code.AppendLine("    }");
        code.AppendLine();
        code.AppendLine($"    private static Versioned<{r.Name}Read> Read({r.Name} row) => new(ToReadCompiled(row), row.Version);");
        code.AppendLine("}");
        return code.ToString();
    }

    /// <summary>The reusable rule for a field naming another row (<c>Services/References.cs</c>).</summary>
    private static string EnsureReference(ResourceSpec r, FieldSpec field, string value) =>
        r.Owned && r.Referenced(field).Owned
            ? $"await db.EnsureOwnedAsync<{field.Referenced}>(ownerId, {value}, \"{field.Json}\", ct);"
            : $"await db.EnsureExistsAsync<{field.Referenced}>({value}, \"{field.Json}\", ct);";

    /// <summary>The value as its column keeps it: a decimal rounded to the column's 2 places (<c>Services/Money.cs</c>).</summary>
    private static string Stored(FieldSpec field, string value) => field.Kind == FieldKind.Money ? $"Money.AsStored({value})" : value;
}
