using System.Reflection;
using Kit.Cli;

Kit.Pipeline.KitSetup.Register(Environment.GetEnvironmentVariable("KIT_DEVICE") ?? "auto");

var commands = typeof(ICommand).Assembly.GetTypes()
    .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (ICommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine("kit <command> [options]\n");
    foreach (var c in commands) Console.WriteLine($"  {c.Name,-18} {c.Summary}");
    return 0;
}

// Longest match wins: "bench engine" before "bench".
var match = commands
    .Select(c => (c, words: c.Name.Split(' ')))
    .Where(x => x.words.Length <= args.Length && x.words.SequenceEqual(args.Take(x.words.Length)))
    .OrderByDescending(x => x.words.Length)
    .FirstOrDefault();
if (match.c == null)
{
    Console.Error.WriteLine($"kit: unknown command '{string.Join(' ', args)}'. Run `./kit help` for the list.");
    return 2;
}

try
{
    return match.c.Run(new Args(args.Skip(match.words.Length)));
}
catch (UsageException e)
{
    Console.Error.WriteLine($"kit {match.c.Name}: {e.Message}");
    return 2;
}
catch (Exception e) when (e is Kit.Torch.TorchException or ArgumentException or InvalidOperationException or IOException or InvalidDataException)
{
    Console.Error.WriteLine($"kit {match.c.Name}: error: {e.Message}");
    return 1;
}
