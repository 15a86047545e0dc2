using System.Diagnostics;

namespace Kit.Tests.Cli;

/// <summary>The `./kit` script passes `help CMD` and `CMD --help` to the CLI (it used to print the general list).</summary>
public class KitScriptHelpTests
{
    [BuiltCliTheory]
    [InlineData("help", "mask")]
    [InlineData("help", "flow", "cache")]
    [InlineData("pretrain", "--help")]
    public void TheScriptShowsTheCommandsHelp(params string[] argv)
    {
        var root = TestUtil.RepoRoot();
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "kit"), .. argv]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["KIT_CONFIGURATION"] = "Release";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        var name = string.Join(' ', argv.Where(a => a is not ("help" or "--help")));
        Assert.Contains($"usage: ./kit {name} ", stdout);
        Assert.DoesNotContain("./kit test     the whole test suite", stdout);
    }
}

/// <summary>A theory that needs the Release build of the CLI (the script runs it); skipped visibly without it.</summary>
public sealed class BuiltCliTheoryAttribute : TheoryAttribute
{
    public BuiltCliTheoryAttribute()
    {
        if (!File.Exists(Path.Combine(TestUtil.RepoRoot(), "lib", "Kit.Cli", "bin", "Release", "net10.0", "kit-cli.dll")))
            Skip = "needs the Release build of the CLI (dotnet build -c Release)";
    }
}
