using System.Text;

namespace Kit.Cli;

/// <summary>One option of a command as its --help shows it.</summary>
/// <param name="Name">the option without its leading dashes ("out").</param>
/// <param name="Value">what the value is ("N", "FILE.npy"); null for a flag that takes none.</param>
/// <param name="Default">the default as shown; null when the option is required or has none.</param>
/// <param name="Text">what it does, in the user's terms.</param>
/// <param name="Sample">a value the help test passes to the parser (default: <paramref name="Default"/>, else "1");
/// "@name" stands for a file the test creates (config.json, checkpoint.pt).</param>
public sealed record OptionHelp(string Name, string? Value, string? Default, string Text, string? Sample = null)
{
    /// <summary>"--name VALUE" or "--name".</summary>
    public string Synopsis => Value is null ? "--" + Name : $"--{Name} {Value}";
}

/// <summary>
/// What `kit CMD --help` prints: a usage line, every option with its default, and at least one example that runs as
/// written. tests/Kit.Tests/Cli/HelpTests.cs feeds every documented option to the command's parser and checks that the
/// command reads no option it does not document.
/// </summary>
/// <param name="Usage">the command's arguments after `./kit CMD`, e.g. "--video PATH --out FILE.npy [options]".</param>
/// <param name="Options">every option the command reads.</param>
/// <param name="Examples">command lines starting with "./kit CMD"; single quotes group words as in a shell.</param>
/// <param name="Details">optional paragraph after the usage line (what it writes, where).</param>
public sealed record CommandHelp(string Usage, IReadOnlyList<OptionHelp> Options, IReadOnlyList<string> Examples, string? Details = null)
{
    /// <summary>The text `--help` prints.</summary>
    public string Render(string name, string summary)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"kit {name}: {summary}");
        sb.AppendLine();
        sb.AppendLine($"usage: ./kit {name} {Usage}".TrimEnd());
        if (Details is not null)
        {
            sb.AppendLine();
            foreach (var line in Wrap(Details, 100)) sb.AppendLine(line);
        }
        if (Options.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("options:");
            var width = Math.Min(34, Options.Max(o => o.Synopsis.Length));
            foreach (var o in Options)
            {
                var text = o.Default is null ? o.Text : $"{o.Text} (default: {o.Default})";
                var lines = Wrap(text, 100 - width - 4).ToList();
                var head = o.Synopsis.PadRight(width);
                if (head.Length > width) { sb.AppendLine("  " + head); head = new string(' ', width); }
                sb.AppendLine($"  {head}  {lines[0]}");
                foreach (var l in lines.Skip(1)) sb.AppendLine($"  {new string(' ', width)}  {l}");
            }
        }
        sb.AppendLine();
        sb.AppendLine(Examples.Count == 1 ? "example:" : "examples:");
        foreach (var e in Examples) sb.AppendLine("  " + e);
        return sb.ToString();
    }

    /// <summary>An example's arguments after "./kit CMD", split as a shell would (single quotes group).</summary>
    public static List<string> SplitExample(string example, string name)
    {
        var prefix = "./kit " + name;
        if (!example.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"example '{example}' of `kit {name}` must start with '{prefix}'");
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var ch in example[prefix.Length..])
        {
            if (ch == '\'') { quoted = !quoted; any = true; continue; }
            if (ch == ' ' && !quoted)
            {
                if (any) words.Add(current.ToString());
                current.Clear();
                any = false;
                continue;
            }
            current.Append(ch);
            any = true;
        }
        if (any) words.Add(current.ToString());
        return words;
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
