using System.Text.RegularExpressions;

namespace Kit.Cli;

/// <summary>
/// The `kit` dispatcher: finds the command, answers `--help` / `help CMD`, and turns every exception into one line on
/// stderr and a non-zero exit code (2: the command line is wrong; 1: the command failed). No command ends in a stack
/// trace or a core dump from a managed exception; KIT_DEBUG=1 adds the stack trace for a bug report.
/// </summary>
public static partial class KitCli
{
    /// <summary>Every command, found by reflection (adding a command is adding a file under Commands/).</summary>
    public static IReadOnlyList<ICommand> Commands { get; } = typeof(ICommand).Assembly.GetTypes()
        .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ICommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Runs `kit ARGS`; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" || (args[0] == "help" && args.Length == 1))
        {
            stdout.Write(Overview());
            return 0;
        }
        if (args is ["help", "--reference"])
        {
            stdout.Write(CommandReference.Markdown());
            return 0;
        }
        var helpAsked = args[0] == "help";
        var words = helpAsked ? args[1..] : args;
        var (command, used) = Find(words);
        if (command is null)
        {
            stderr.WriteLine($"kit: unknown command '{string.Join(' ', words)}'. Run `./kit help` for the list.");
            return 2;
        }
        var rest = words[used..];
        if (helpAsked || rest.Any(a => a is "--help" or "-h"))
        {
            stdout.Write(command.Help.Render(command.Name, command.Summary));
            return 0;
        }
        return Execute(command, rest, stderr);
    }

    /// <summary>Runs one command; every exception becomes one line on <paramref name="stderr"/> and exit code 2 (usage) or 1.</summary>
    public static int Execute(ICommand command, IReadOnlyList<string> rest, TextWriter stderr)
    {
        try
        {
            Kit.Pipeline.KitSetup.Register(Environment.GetEnvironmentVariable("KIT_DEVICE") ?? "auto");
            return command.Run(new Args(rest));
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"kit {command.Name}: {e.Message} (see ./kit {command.Name} --help)");
            return 2;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"kit {command.Name}: error: {Describe(e)}");
            if (Environment.GetEnvironmentVariable("KIT_DEBUG") == "1") stderr.WriteLine(e.ToString());
            return 1;
        }
    }

    /// <summary>The longest command name that the words start with ("bench engine" before "bench").</summary>
    public static (ICommand? Command, int Words) Find(IReadOnlyList<string> words)
    {
        var match = Commands
            .Select(c => (c, words: c.Name.Split(' ')))
            .Where(x => x.words.Length <= words.Count && x.words.SequenceEqual(words.Take(x.words.Length)))
            .OrderByDescending(x => x.words.Length)
            .FirstOrDefault();
        return (match.c, match.words?.Length ?? 0);
    }

    /// <summary>`./kit help`: the commands, the one environment variable for the cache, and where to read more.</summary>
    public static string Overview()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("kit <command> [options]      ./kit <command> --help (or ./kit help <command>) for its options and an example");
        sb.AppendLine();
        foreach (var c in Commands) sb.AppendLine($"  {c.Name,-18} {c.Summary}");
        sb.AppendLine();
        sb.AppendLine("environment:");
        sb.AppendLine($"  KIT_DATA           where the kit keeps generated datasets, flow caches and run checkpoints (now: {CacheRootText()});");
        sb.AppendLine("                     `./kit cache` shows what it holds, `./kit cache clean` frees it");
        sb.AppendLine("  KIT_DEVICE         cpu, cuda or auto (default auto: CUDA when available)");
        sb.AppendLine("  KIT_DEBUG=1        print the stack trace after an error");
        return sb.ToString();
    }

    private static string CacheRootText()
    {
        try { return Kit.Pipeline.ScaleData.CacheRoot; }
        catch (Exception e) { return "unavailable: " + e.Message; }
    }

    /// <summary>An exception as one line: its message (the kit's own messages name the file or option), with the
    /// exception's kind where it is not self-explanatory.</summary>
    public static string Describe(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null) e = e.InnerException!;
        if (e is TypeInitializationException && e.InnerException is not null) e = e.InnerException;
        var message = ParameterSuffix().Replace(e.Message, "").Trim();
        return e switch
        {
            Kit.Torch.TorchException or ArgumentException or InvalidOperationException or IOException or InvalidDataException
                or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException or FormatException => message,
            OutOfMemoryException => "out of memory: " + message,
            _ => $"{message} ({e.GetType().Name}; KIT_DEBUG=1 shows where)",
        };
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();
}
