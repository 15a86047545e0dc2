using System.Globalization;

namespace Kit.Cli;

/// <summary>
/// Minimal `--key value` / `--flag` parser shared by every command, so no command parses argv by hand.
/// Unknown or missing options fail with a message naming the option.
/// </summary>
public sealed class Args
{
    private readonly Dictionary<string, List<string>> options = new();
    private readonly HashSet<string> used = new();
    private readonly HashSet<string> bare = new();   // given without a value: a flag, or a value forgotten

    public Args(IEnumerable<string> argv, bool checkOnly = false)
    {
        CheckOnly = checkOnly;
        var list = argv.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) { Positional.Add(a); continue; }
            var key = a[2..];
            string value = "true";
            var eq = key.IndexOf('=');
            if (eq >= 0) { value = key[(eq + 1)..]; key = key[..eq]; }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal)) value = list[++i];
            else bare.Add(key);
            if (!options.TryGetValue(key, out var values)) options[key] = values = new List<string>();
            values.Add(value);
        }
    }

    public List<string> Positional { get; } = new();

    /// <summary>Parse only: <see cref="RejectUnknown"/> stops the command with <see cref="ParseChecked"/> once every
    /// option has been read (the help test runs each command this way, before it touches a file).</summary>
    public bool CheckOnly { get; }

    /// <summary>Every option name the command asked about so far, given or not.</summary>
    public IReadOnlyCollection<string> Read => used;

    public bool Has(string key) { used.Add(key); return options.ContainsKey(key); }

    public bool Flag(string key) => Has(key) && options[key][^1] is "true" or "1" or "yes";

    /// <summary>The option's last value, null when absent; an option given without a value (`--out` at the end) is a
    /// mistake named as such.</summary>
    public string? Get(string key)
    {
        used.Add(key);
        if (!options.TryGetValue(key, out var v)) return null;
        if (bare.Contains(key) && v.Count == 1) throw new UsageException($"--{key} needs a value");
        return v[^1];
    }

    public IReadOnlyList<string> All(string key) { used.Add(key); return options.TryGetValue(key, out var v) ? v : []; }

    public string Require(string key) => Get(key) ?? throw new UsageException($"missing required option --{key}");

    public string String(string key, string fallback) => Get(key) ?? fallback;

    public int Int(string key, int fallback)
    {
        var s = Get(key);
        if (s == null) return fallback;
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new UsageException($"--{key} expects an integer, got '{s}'");
    }

    public double Double(string key, double fallback)
    {
        var s = Get(key);
        if (s == null) return fallback;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new UsageException($"--{key} expects a number, got '{s}'");
    }

    /// <summary>Fails on options that no command read (typos such as --seed vs --seeds).</summary>
    public void RejectUnknown()
    {
        var unknown = options.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException("unknown option(s): " + string.Join(", ", unknown.Select(k => "--" + k)));
        if (CheckOnly) throw new ParseChecked(used.ToList());
    }
}

/// <summary>A command-line mistake: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Thrown by <see cref="Args.RejectUnknown"/> in parse-only mode: every option given was read.</summary>
public sealed class ParseChecked(IReadOnlyList<string> read) : Exception("options parsed")
{
    /// <summary>The option names the command read.</summary>
    public IReadOnlyList<string> ReadOptions { get; } = read;
}
