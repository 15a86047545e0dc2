using System.Runtime.CompilerServices;

namespace Kit.Tests;

/// <summary>Process-wide settings of the test run, applied before any test.</summary>
internal static class TestSetup
{
    /// <summary>
    /// Sanity figures that tests produce (with fake executors too) are kept in a folder of this test process, never in
    /// the user's cache, where every later summary at that scale would open with them. KitSetup, which the CLI tests
    /// call, only sets the folder when none is set.
    /// </summary>
    [ModuleInitializer]
    internal static void KeepSanityFiguresOutOfTheUsersCache() =>
        Kit.Experiments.SanityFigures.Root = Path.Combine(Path.GetTempPath(), $"kit-tests-sanity-{Environment.ProcessId}");
}
