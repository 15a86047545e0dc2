using Kit.Cli;

namespace Kit.Tests.Cli;

/// <summary>Every command's --help (CommandHelp.cs, KitCli.cs): it prints, its examples parse, each documented option is
/// accepted by the command's own parser, and the command reads no option its help leaves out.</summary>
public class HelpTests
{
    public static TheoryData<string> CommandNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in KitCli.Commands) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void HelpPrintsOptionsDefaultsAndAnExample(string name)
    {
        var command = KitCli.Commands.Single(c => c.Name == name);
        var words = name.Split(' ');
        string[][] forms = [[.. words, "--help"], ["help", .. words], [.. words, "-h"]];
        foreach (var argv in forms)
        {
            var (code, text, _) = Run(argv);
            Assert.Equal(0, code);
            var stdout = Flat(text);
            Assert.StartsWith($"kit {name}: ", stdout);
            Assert.Contains("usage: ./kit " + name, stdout);
            Assert.Contains("example", stdout);
            foreach (var o in command.Help.Options)
            {
                Assert.Contains(o.Synopsis, stdout);
                if (o.Default is not null) Assert.Contains($"(default: {o.Default})", stdout);
            }
        }
        Assert.NotEmpty(command.Help.Examples);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void EveryDocumentedOptionIsAcceptedAndEveryReadOptionDocumented(string name)
    {
        var command = KitCli.Commands.Single(c => c.Name == name);
        var files = Directory.CreateTempSubdirectory("kit-help");
        try
        {
            File.WriteAllText(Path.Combine(files.FullName, "config.json"), "{}");
            File.WriteAllBytes(Path.Combine(files.FullName, "checkpoint.pt"), []);
            var examples = command.Help.Examples.Select(e => CommandHelp.SplitExample(e, name)).ToList();
            var read = new HashSet<string>();
            foreach (var (example, i) in examples.Select((e, i) => (e, i)))
                Assert.True(Accepts(command, example, read, out var why), $"example {i} of `kit {name}` is rejected: {why}");
            foreach (var o in command.Help.Options)
            {
                var value = o.Value is null ? null : (o.Sample ?? o.Default ?? "1");
                if (value is not null && value.StartsWith('@')) value = Path.Combine(files.FullName, value[1..]);
                var reasons = new List<string>();
                var accepted = examples.Any(example =>
                {
                    var argv = WithOption(example, o.Name, value);
                    var ok = Accepts(command, argv, read, out var why);
                    if (!ok) reasons.Add(why);
                    return ok;
                });
                Assert.True(accepted, $"`kit {name} --{o.Name}{(value is null ? "" : " " + value)}` is rejected with every example: {string.Join(" | ", reasons)}");
            }
            var undocumented = read.Except(command.Help.Options.Select(o => o.Name)).ToList();
            Assert.True(undocumented.Count == 0, $"`kit {name}` reads options its --help does not list: {string.Join(", ", undocumented.Select(u => "--" + u))}");
        }
        finally
        {
            files.Delete(true);
        }
    }

    [Fact]
    public void OverviewListsEveryCommandAndTheCacheVariable()
    {
        var (code, stdout, _) = Run(["help"]);
        Assert.Equal(0, code);
        foreach (var c in KitCli.Commands) Assert.Contains($"  {c.Name,-18} ", stdout);
        Assert.Contains("KIT_DATA", stdout);
        Assert.Contains("./kit cache", stdout);
    }

    [Fact]
    public void UnknownCommandAndUnknownOptionExitTwoWithTheHelpHint()
    {
        var (code, _, stderr) = Run(["no-such-command"]);
        Assert.Equal(2, code);
        Assert.Contains("unknown command 'no-such-command'", stderr);
        (code, _, stderr) = Run(["flow", "--video", "v.avi", "--out", "f.npy", "--methd", "dis"]);
        Assert.Equal(2, code);
        Assert.Contains("--methd", stderr);
        Assert.Contains("./kit flow --help", stderr);
    }

    private static List<string> WithOption(List<string> example, string name, string? value)
    {
        var argv = new List<string>();
        for (var i = 0; i < example.Count; i++)
        {
            if (example[i] == "--" + name)
            {
                if (i + 1 < example.Count && !example[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
                continue;
            }
            argv.Add(example[i]);
        }
        argv.Add("--" + name);
        if (value is not null) argv.Add(value);
        return argv;
    }

    /// <summary>Runs the command in parse-only mode: true when it read every option given without complaint.</summary>
    private static bool Accepts(ICommand command, List<string> argv, HashSet<string> read, out string why)
    {
        var args = new Args(argv, checkOnly: true);
        try
        {
            command.Run(args);
            why = "the command finished without checking its options (no RejectUnknown)";
            return false;
        }
        catch (ParseChecked p)
        {
            read.UnionWith(p.ReadOptions);
            why = "";
            return true;
        }
        catch (Exception e)
        {
            why = $"{string.Join(' ', argv)}: {e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    /// <summary>Whitespace runs as one space (the help wraps long lines).</summary>
    private static string Flat(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ");

    internal static (int Code, string Stdout, string Stderr) Run(string[] argv)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = KitCli.Run(argv, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
