using System.Diagnostics;
using Scaffold;
using Scaffold.Writers;

// dotnet run --project tools/Scaffold -- resource Comment body:text slug:string(100):unique item:references
const string Usage = """
    Usage: dotnet run --project tools/Scaffold -- resource <Name> <field>... [--plural <Plural>] [--no-migration]

      <Name>    the resource, singular: Comment, ProjectMember
      <field>   name:type, type one of string(N) text int long decimal bool date datetime guid,
                or <resource>:references for a row of another resource (item:references);
                then ? for optional, :unique, and for a reference :cascade (deleted with its row)

    Writes the model, its table mapping, the schemas, the service, the endpoints (create, get, list,
    update, delete, and a list under each referenced resource), the .http requests and a test class,
    and registers them. Then, unless --no-migration: the migration (dotnet ef migrations add
    Create<Plural>) and the OpenAPI snapshot. Nothing is written if anything is refused.
    """;

if (args is not ["resource", var name, .. var rest])
{
    Console.Error.WriteLine(Usage);
    return 2;
}
try
{
    string? plural = null;
    var migrate = true;
    var fields = new List<string>();
    for (var i = 0; i < rest.Length; i++)
    {
        switch (rest[i])
        {
            case "--plural" when i + 1 < rest.Length:
                plural = rest[++i];
                break;
            case "--no-migration":
                migrate = false;
                break;
            case var option when option.StartsWith("--", StringComparison.Ordinal):
                throw new ScaffoldException($"Unknown option {option}.\n\n{Usage}");
            default:
                fields.Add(rest[i]);
                break;
        }
    }
    var project = ProjectLayout.Find(Directory.GetCurrentDirectory());
    var resource = ResourceSpec.Create(name, plural, fields, project);
    var files = new Dictionary<string, string>
    {
        [project.Api("Models", $"{resource.Name}.cs")] = ModelWriter.Model(resource),
        [project.Api("Db", $"{resource.Name}Configuration.cs")] = ModelWriter.Configuration(resource),
        [project.Api("Schemas", $"{resource.Name}Create.cs")] = SchemaWriter.Create(resource),
        [project.Api("Schemas", $"{resource.Name}Update.cs")] = SchemaWriter.Update(resource),
        [project.Api("Schemas", $"{resource.Name}Read.cs")] = SchemaWriter.Read(resource),
        [project.Api("Schemas", $"{resource.Name}Page.cs")] = SchemaWriter.Page(resource),
        [project.Api("Services", $"{resource.Name}Service.cs")] = ServiceWriter.Service(resource),
        [project.Api("Api", "V1", "Endpoints", $"{resource.Plural}Endpoints.cs")] = EndpointsWriter.Endpoints(resource),
        [project.Tests("Api", "V1", $"{resource.Plural}Tests.cs")] = TestsWriter.Tests(resource),
    };
    var taken = files.Keys.Where(File.Exists).Select(f => Path.GetRelativePath(project.Root, f)).ToList();
    if (taken.Count > 0)
    {
        throw new ScaffoldException($"{resource.Name} clashes with what the project has: {string.Join(", ", taken)}. Choose another name.");
    }
    if (File.ReadAllText(project.Api("Api", "V1", "V1Routes.cs")).Contains($"Map{resource.Plural}(", StringComparison.Ordinal))
    {
        throw new ScaffoldException($"Api/V1/V1Routes.cs maps {resource.Plural} already. Choose another name.");
    }
    // Every edit is worked out before anything is written: a refusal leaves the project as it was.
    var edits = Registrations.Edits(resource).ToList();
    foreach (var (path, content) in files.Select(f => (f.Key, f.Value)).Concat(edits))
    {
        // A project with no model yet has no Models/ (nor Db/Migrations/) folder.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        Console.WriteLine($"  {(edits.Any(e => e.Path == path) ? "edited " : "wrote  ")} {Path.GetRelativePath(project.Root, path)}");
    }
    var api = Path.GetRelativePath(project.Root, project.ApiDir);
    var tests = Path.GetRelativePath(project.Root, project.TestsDir);
    if (!migrate)
    {
        Console.WriteLine($"""

            Next:
              dotnet tool restore && (cd {api} && dotnet ef migrations add Create{resource.Plural})   then review it
              OPENAPI_SNAPSHOT_UPDATE=1 dotnet test --filter "FullyQualifiedName~OpenApiSnapshot"   then review the diff
              dotnet test
            """);
        return 0;
    }
    Run(project.Root, "dotnet", "tool", "restore");
    Run(project.ApiDir, "dotnet", "build");
    Run(project.ApiDir, "dotnet", "ef", "migrations", "add", $"Create{resource.Plural}", "--output-dir", Path.Combine("Db", "Migrations"), "--no-build");
    // The document now has the new operations: the snapshot is what reviewers and client generators read.
    // (The test refuses to write it under CI=true, against a stray update in a CI run: this one is asked for.)
    Run(project.Root, "dotnet", "test", tests, "--filter", "FullyQualifiedName~OpenApiSnapshot",
        "--environment", "OPENAPI_SNAPSHOT_UPDATE=1", "--environment", "CI=");
    Console.WriteLine($"""

        Done. Review {api}/Db/Migrations/*_Create{resource.Plural}.cs and the snapshot's diff (git diff), then:
          dotnet test
        """);
    return 0;
}
catch (ScaffoldException refused)
{
    Console.Error.WriteLine($"scaffold: {refused.Message}");
    return 1;
}

static void Run(string folder, string command, params string[] arguments)
{
    Console.WriteLine($"\n  {Path.GetFileName(folder)}$ {command} {string.Join(' ', arguments)}");
    using var process = Process.Start(new ProcessStartInfo(command, arguments) { WorkingDirectory = folder })!;
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new ScaffoldException($"'{command} {string.Join(' ', arguments)}' failed (exit {process.ExitCode}); the files above are written: fix, then run it again.");
    }
}
