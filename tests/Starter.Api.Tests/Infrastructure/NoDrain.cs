using System.Runtime.CompilerServices;

namespace Starter.Tests.Infrastructure;

/// <summary>
/// No balancer routes to a test's app, so stopping one need not wait out the shutdown drain (5 s
/// outside Development): every in-process app and every app process a test starts inherit this. The
/// tests of the drain itself set SHUTDOWN_DRAIN_SECONDS explicitly.
/// </summary>
internal static class NoDrain
{
    [ModuleInitializer]
    internal static void Apply() => Environment.SetEnvironmentVariable("SHUTDOWN_DRAIN_SECONDS", "0");
}
