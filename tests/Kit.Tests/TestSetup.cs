using System.Runtime.CompilerServices;

namespace Kit.Tests;

/// <summary>Process-wide settings of the test run, applied before any test.</summary>
internal static class TestSetup
{
    /// <summary>
    /// The kit's cache (KIT_DATA: generated datasets, flow caches, row checkpoints) and the sanity figures that tests
    /// produce (with fake executors too) live in folders of this test process, never in the user's cache: a test run
    /// starts from an empty cache as on a fresh machine (a row folder left by an earlier build would otherwise be
    /// resumed), and no later summary opens with a test's sanity figures. Child processes (the CLI tests) inherit
    /// KIT_DATA. KitSetup, which the CLI tests call, only sets the sanity folder when none is set. Both are removed when
    /// the process exits.
    /// </summary>
    [ModuleInitializer]
    internal static void KeepTheKitsCacheOutOfTheUsersCache()
    {
        var root = Path.Combine(Path.GetTempPath(), $"kit-tests-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable("KIT_DATA", Path.Combine(root, "cache"));
        Kit.Experiments.SanityFigures.Root = Path.Combine(root, "sanity");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }
            catch (IOException) { } // a file still open at exit: the folder stays in the temp directory
            catch (UnauthorizedAccessException) { }
        };
    }
}
