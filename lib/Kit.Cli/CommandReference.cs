using System.Text;

namespace Kit.Cli;

/// <summary>
/// docs/commands.md: every command's `--help` text in one page, generated from the commands themselves
/// (`./kit help --reference` prints it; a test keeps the committed page equal to it).
/// </summary>
public static class CommandReference
{
    /// <summary>The page's Markdown.</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("# Command reference\n\n");
        sb.Append("Generated from each command's `--help` (`./kit help --reference > docs/commands.md`); `./kit CMD --help` prints the same.\n");
        foreach (var c in KitCli.Commands)
        {
            sb.Append($"\n## `./kit {c.Name}`\n\n```\n");
            sb.Append(c.Help.Render(c.Name, c.Summary).Replace("\r\n", "\n").TrimEnd('\n'));
            sb.Append("\n```\n");
        }
        return sb.ToString();
    }
}
