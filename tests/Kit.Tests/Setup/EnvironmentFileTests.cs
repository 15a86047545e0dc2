using System.Text.RegularExpressions;

namespace Kit.Tests.Setup;

/// <summary>environment.yml (conda) declares a counterpart for every apt package `./kit setup` installs, and nothing stale.</summary>
public class EnvironmentFileTests
{
    private static string[] AptPackagesOfKitScript()
    {
        var script = File.ReadAllText(Path.Combine(TestUtil.RepoRoot(), "kit"));
        var m = Regex.Match(script, @"APT_PACKAGES=\((?<body>.*?)\n\)", RegexOptions.Singleline);
        Assert.True(m.Success, "kit has no APT_PACKAGES=( ... ) list");
        var names = m.Groups["body"].Value.Split('\n')
            .Select(l => l.Split('#')[0])
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        // npm comes with nodejs (setup installs both when npm is missing).
        names.Add("nodejs");
        names.Add("npm");
        return names.Distinct().ToArray();
    }

    private static string[] AptNamesInEnvironmentFile()
    {
        var text = File.ReadAllText(Path.Combine(TestUtil.RepoRoot(), "environment.yml"));
        return Regex.Matches(text, @"apt: (?<names>[a-z0-9.+\- ]+)")
            .SelectMany(m => m.Groups["names"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct().ToArray();
    }

    [Fact]
    public void EveryAptPackageHasACondaCounterpart()
    {
        var missing = AptPackagesOfKitScript().Except(AptNamesInEnvironmentFile()).ToList();
        Assert.True(missing.Count == 0, "environment.yml lacks a counterpart for: " + string.Join(", ", missing));
    }

    [Fact]
    public void EnvironmentFileNamesNoPackageSetupDropped()
    {
        var stale = AptNamesInEnvironmentFile().Except(AptPackagesOfKitScript()).ToList();
        Assert.True(stale.Count == 0, "environment.yml still maps apt packages that ./kit no longer installs: " + string.Join(", ", stale));
    }

    [Fact]
    public void EveryCondaDependencyIsTaggedWithItsAptPackage()
    {
        var lines = File.ReadAllLines(Path.Combine(TestUtil.RepoRoot(), "environment.yml"))
            .SkipWhile(l => !l.StartsWith("dependencies:", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains("# apt:", l));
    }
}
