using Kit.Cli;

namespace Kit.Tests.Cli;

/// <summary>docs/commands.md is the commands' own --help text: regenerate it with `./kit help --reference > docs/commands.md`.</summary>
public class CommandReferenceTests
{
    [Fact]
    public void TheCommittedReferenceIsTheCommandsHelp()
    {
        var path = Path.Combine(TestUtil.RepoRoot(), "docs", "commands.md");
        var expected = CommandReference.Markdown();
        Assert.True(File.Exists(path), "docs/commands.md is missing: ./kit help --reference > docs/commands.md");
        Assert.True(expected == File.ReadAllText(path), "docs/commands.md is out of date: ./kit help --reference > docs/commands.md");
        foreach (var c in KitCli.Commands) Assert.Contains($"## `./kit {c.Name}`", expected);
    }
}
