using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kit.Training;

/// <summary>
/// A System.Text.Json failure on a typed config, said in the user's terms: the key (a.b.c, as --set writes it), what
/// that key expects (an integer, one of First, Middle, Random, a JSON object...) and what it got, or the keys a
/// misspelt one could have been. Never the .NET type names or the reader's line numbers.
/// </summary>
public static partial class ConfigErrors
{
    /// <summary>The message for <paramref name="e"/>, raised while reading <paramref name="node"/> into <paramref name="type"/>.</summary>
    /// <param name="pascalCase">keys are written as the properties are named (mask and target settings: "Base"), not camelCase (configs).</param>
    public static string Describe(JsonException e, Type type, JsonNode? node, bool pascalCase = false)
    {
        var unknown = UnmappedRegex().Match(e.Message);
        var path = Segments(e.Path);
        if (unknown.Success)
        {
            if (path.Count > 0 && string.Equals(path[^1], unknown.Groups[1].Value, StringComparison.OrdinalIgnoreCase)) path.RemoveAt(path.Count - 1);
            var owner = PropertyType(type, path) ?? type;
            owner = Nullable.GetUnderlyingType(owner) ?? owner;
            var known = Settable(owner).Select(p => pascalCase ? p.Name : Camel(p.Name));
            var at = path.Count == 0 ? "" : $" in '{string.Join('.', path)}'";
            return $"unknown key '{unknown.Groups[1].Value}'{at} (known: {string.Join(", ", known)})";
        }
        var target = PropertyType(type, path);
        var key = path.Count == 0 ? "the config" : $"key '{string.Join('.', path)}'";
        var got = Find(node, path) is { } v ? v.ToJsonString() : "nothing";
        return target is null ? $"{key} is invalid: {Plain(e.Message)}" : $"{key} expects {Expected(target)}, got {got}";
    }

    /// <summary>"an integer", "a number", "true or false", "one of A, B", "a JSON object"...</summary>
    public static string Expected(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(t));
        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(uint) || t == typeof(ulong)) return "an integer";
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal)) return "a number";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(string)) return "a string";
        if (t.IsArray || (t.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(t))) return "a JSON array";
        return "a JSON object";
    }

    /// <summary>Properties JSON can set (computed get-only ones, such as lossOrDefault, are not keys).</summary>
    public static IEnumerable<PropertyInfo> Settable(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static List<string> Segments(string? path)
    {
        if (string.IsNullOrEmpty(path)) return [];
        return SegmentRegex().Matches(path).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .Where(s => !int.TryParse(s, out _)).ToList();
    }

    private static Type? PropertyType(Type type, IReadOnlyList<string> path)
    {
        var t = type;
        foreach (var segment in path)
        {
            t = Nullable.GetUnderlyingType(t) ?? t;
            if (t.IsArray) t = t.GetElementType()!;
            else if (t.IsGenericType && t.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(t)) t = t.GetGenericArguments()[0];
            var p = t.GetProperties().FirstOrDefault(x => string.Equals(x.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (p is null) return null;
            t = p.PropertyType;
        }
        return t;
    }

    private static JsonNode? Find(JsonNode? node, IReadOnlyList<string> path)
    {
        foreach (var segment in path)
        {
            if (node is not JsonObject o) return null;
            node = o.FirstOrDefault(kv => string.Equals(kv.Key, segment, StringComparison.OrdinalIgnoreCase)).Value;
        }
        return node;
    }

    private static string Plain(string message) => LineInfoRegex().Replace(message, "").Trim();

    [GeneratedRegex(@"property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedRegex();

    [GeneratedRegex(@"\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']+)'\]")]
    private static partial Regex SegmentRegex();

    [GeneratedRegex(@"\s*(Path: \S*|\| LineNumber: \d+ \| BytePositionInLine: \d+\.?)")]
    private static partial Regex LineInfoRegex();
}
