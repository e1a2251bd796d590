namespace Starter.Core;

/// <summary>Finds the checkout this process runs from, so local files land in one known place.</summary>
public static class RepositoryRoot
{
    public static bool IsRoot(DirectoryInfo dir) =>
        Directory.Exists(Path.Combine(dir.FullName, ".git"))
        || File.Exists(Path.Combine(dir.FullName, ".git"))
        || dir.EnumerateFiles("*.slnx").Any();

    /// <summary>The nearest folder at or above <paramref name="start"/> that is a repository root, or null.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (IsRoot(dir))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
