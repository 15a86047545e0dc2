using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kit.Training;

/// <summary>
/// JSON for the typed configs: camelCase keys, unknown keys rejected, and `--set a.b.c=value` overrides applied to the
/// JSON tree before it becomes a record, so every error names the offending key.
/// </summary>
public static class ConfigJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Options that write only the keys a config can be given (computed properties such as lossOrDefault left out).</summary>
    private static readonly JsonSerializerOptions SettableOnly = new(Options)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) return;
                    foreach (var p in info.Properties.Where(p => p.Set is null).ToList()) info.Properties.Remove(p);
                },
            },
        },
    };

    public static string Serialize<T>(T config) => JsonSerializer.Serialize(config, Options);

    public static JsonObject ToNode<T>(T config) => JsonSerializer.SerializeToNode(config, Options)!.AsObject();

    /// <summary>Builds a config from a JSON file (or none: all defaults) and overrides.</summary>
    /// <param name="option">the command-line option the overrides came from, as errors name it.</param>
    public static T Load<T>(string? path, IEnumerable<string> overrides, T defaults, string option = "--set")
    {
        var node = JsonSerializer.SerializeToNode(defaults, SettableOnly)!.AsObject();
        if (path is not null)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"config file '{path}' does not exist", path);
            JsonNode? parsed;
            try { parsed = JsonNode.Parse(File.ReadAllText(path)); }
            catch (JsonException e) { throw new ArgumentException($"config file '{path}' is not valid JSON: {e.Message}", e); }
            var file = parsed as JsonObject ?? throw new ArgumentException($"config file '{path}' must hold a JSON object");
            Merge(node, file, "");
        }
        foreach (var o in overrides)
        {
            Materialize(node, typeof(T), o.Split('=')[0].Split('.'));
            Set(node, o, option);
        }
        return FromNode<T>(node);
    }

    /// <summary><paramref name="config"/> with `--set key=value` overrides applied (the same checks as <see cref="Load{T}"/>).</summary>
    public static T Override<T>(T config, IEnumerable<string> overrides) => Load(null, overrides, config);

    /// <summary>
    /// A section left at its default (null, e.g. optim: the trainer's defaults apply) gets those defaults written out
    /// before `--set optim.baseLr=...` reaches into it, so its other keys keep their defaults and typos are still named.
    /// </summary>
    private static void Materialize(JsonObject root, Type type, string[] path)
    {
        var (o, t) = (root, type);
        for (var i = 0; i < path.Length - 1; i++)
        {
            var property = t.GetProperties().FirstOrDefault(p => string.Equals(p.Name, path[i], StringComparison.OrdinalIgnoreCase));
            var key = FindKey(o, path[i]);
            if (property is null || key is null) return;
            var pt = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (o[key] is null && pt.IsClass && pt != typeof(string))
            {
                try { o[key] = JsonSerializer.SerializeToNode(JsonSerializer.Deserialize("{}", pt, Options), pt, SettableOnly); }
                catch (JsonException) { return; }
            }
            if (o[key] is not JsonObject next) return;
            (o, t) = (next, pt);
        }
    }

    public static T FromNode<T>(JsonObject node)
    {
        try
        {
            return node.Deserialize<T>(Options) ?? throw new ArgumentException("config is empty");
        }
        catch (JsonException e)
        {
            throw new ArgumentException("config: " + ConfigErrors.Describe(e, typeof(T), node), e);
        }
    }

    private static void Merge(JsonObject into, JsonObject from, string prefix)
    {
        foreach (var (key, value) in from.ToList())
        {
            var name = FindKey(into, key) ?? key;
            if (value is JsonObject o && into[name] is JsonObject existing) Merge(existing, o, prefix + name + ".");
            else into[name] = value?.DeepClone();
        }
    }

    private static string? FindKey(JsonObject o, string key) => o.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Applies "a.b.c=value"; the value is parsed as JSON when it can be (numbers, true, null, objects), else taken as a string.</summary>
    public static void Set(JsonObject root, string assignment, string option = "--set")
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"{option} expects key=value, got '{assignment}'");
        var path = assignment[..eq].Split('.');
        var raw = assignment[(eq + 1)..];
        JsonNode? value;
        try { value = JsonNode.Parse(raw); }
        catch (JsonException e)
        {
            // A value that starts like JSON structure was meant as JSON: say it is broken rather than store it as a string.
            if (raw.TrimStart() is ['{' or '[' or '"', ..])
                throw new ArgumentException($"{option} {assignment[..eq]}: the value is not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd(' ', '|')}): {raw}", e);
            value = JsonValue.Create(raw);
        }
        var o = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var k = FindKey(o, path[i]) ?? throw new ArgumentException($"{option} {assignment[..eq]}: no key '{path[i]}' at '{string.Join('.', path[..i])}' (known: {string.Join(", ", o.Select(kv => kv.Key))})");
            if (o[k] is null) o[k] = new JsonObject();
            o = o[k] as JsonObject ?? throw new ArgumentException($"{option} {assignment[..eq]}: '{string.Join('.', path[..(i + 1)])}' is not an object");
        }
        var last = FindKey(o, path[^1]);
        if (last is null && !IsParams(path)) throw new ArgumentException($"{option} {assignment[..eq]}: unknown key '{path[^1]}' (known: {string.Join(", ", o.Select(kv => kv.Key))})");
        o[last ?? path[^1]] = value;
    }

    // Component parameters are free-form: the component validates them.
    private static bool IsParams(string[] path) => path.Length >= 2 && path[^2].Equals("params", StringComparison.OrdinalIgnoreCase);

    public static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
