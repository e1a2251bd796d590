using System.Reflection;

namespace Starter.Api;

/// <summary>The app's version, from the project's &lt;Version&gt; (without the "+commit" build suffix).</summary>
public static class AppVersion
{
    public static string Current { get; } =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
