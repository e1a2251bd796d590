using System.Text.RegularExpressions;

namespace Scaffold;

/// <summary>A resource the project has already, as a reference names it.</summary>
/// <param name="Route">Its collection under the version prefix: "items".</param>
/// <param name="Owned">Its rows have an owner (<c>OwnerId</c>): a reference must name one of the caller's.</param>
public sealed record ExistingResource(string Name, string Route, bool Owned);

/// <summary>
/// Where this project keeps what the scaffold writes and edits, and what it was generated with:
/// accounts (rows then belong to the caller) and <c>Idempotency-Key</c> support.
/// </summary>
public sealed partial record ProjectLayout(string Root, string ApiDir, string ApiProject, string Namespace, string TestsDir, string TestsNamespace)
{
    public bool HasAuth => File.Exists(Api("Auth", "CurrentUser.cs"));

    public bool HasIdempotency => File.Exists(Api("Api", "Idempotency", "IdempotencyRegistration.cs"));

    public string Api(params string[] parts) => Path.Combine([ApiDir, .. parts]);

    public string Tests(params string[] parts) => Path.Combine([TestsDir, .. parts]);

    /// <summary>The project around <paramref name="start"/>: the folder holding <c>src/*.Api/*.Api.csproj</c>.</summary>
    public static ProjectLayout Find(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            var src = Path.Combine(folder.FullName, "src");
            if (!Directory.Exists(src))
            {
                continue;
            }
            var project = Directory.GetDirectories(src, "*.Api").Select(Path.GetFileName).OfType<string>()
                .FirstOrDefault(name => File.Exists(Path.Combine(src, name, name + ".csproj")));
            if (project is null)
            {
                continue;
            }
            var apiDir = Path.Combine(src, project);
            var testsDir = Path.Combine(folder.FullName, "tests", project + ".Tests");
            if (!Directory.Exists(testsDir))
            {
                throw new ScaffoldException($"No tests/{project}.Tests beside src/{project}: the scaffold writes a test class there.");
            }
            return new ProjectLayout(folder.FullName, apiDir, project,
                RootNamespace(Path.Combine(apiDir, project + ".csproj")) ?? project[..^".Api".Length],
                testsDir, RootNamespace(Path.Combine(testsDir, project + ".Tests.csproj")) ?? project[..^".Api".Length] + ".Tests");
        }
        throw new ScaffoldException($"No project here: run the scaffold from the folder with src/<Name>.Api (looked up from {start}).");
    }

    /// <summary>The resource <paramref name="name"/> if the project has its model and its endpoints.</summary>
    public ExistingResource? Existing(string name)
    {
        var model = Api("Models", name + ".cs");
        var endpoints = Api("Api", "V1", "Endpoints", Naming.Plural(name) + "Endpoints.cs");
        if (!File.Exists(model) || !File.Exists(endpoints) || Group().Match(File.ReadAllText(endpoints)) is not { Success: true } group)
        {
            return null;
        }
        return new ExistingResource(name, group.Groups["route"].Value, File.ReadAllText(model).Contains(" OwnerId ", StringComparison.Ordinal));
    }

    private static string? RootNamespace(string csproj) =>
        File.Exists(csproj) && RootNamespaceElement().Match(File.ReadAllText(csproj)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"<RootNamespace>\s*([^<\s]+)\s*</RootNamespace>")]
    private static partial Regex RootNamespaceElement();

    [GeneratedRegex("""MapGroup\("/(?<route>[a-z0-9-]+)"\)""")]
    private static partial Regex Group();
}
