using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Experiments;

/// <summary>
/// What a row changes relative to its table's base recipe, as "path: base → row" lines computed from the recipes'
/// JSON (so a notebook shows each row's settings without anyone writing them down twice).
/// </summary>
public static class RecipeDiff
{
    /// <summary>Settings that differ, e.g. ["target.parameters.length: 6 → 8"]; "target: trajectory → pixel" for a new component.</summary>
    public static IReadOnlyList<string> Changes(Recipe from, Recipe to)
    {
        var a = Flatten(JsonSerializer.SerializeToNode(from, CanonicalJson.Options));
        var b = Flatten(JsonSerializer.SerializeToNode(to, CanonicalJson.Options));
        var changes = new List<string>();
        foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            a.TryGetValue(key, out var x);
            b.TryGetValue(key, out var y);
            if (x != y) changes.Add($"{key}: {x ?? "(unset)"} → {y ?? "(unset)"}");
        }
        return changes;
    }

    /// <summary>Each row of a table with the settings it changes from the base recipe.</summary>
    public static Kit.Display.Table Table(AblationTable table)
    {
        var t = new Kit.Display.Table("setting", "changes from the base recipe") { Title = $"{table.Id}: rows" };
        foreach (var row in table.Rows)
        {
            var changes = Changes(table.Base, row.Recipe);
            t.AddRow(row.Label, changes.Count == 0 ? "(base recipe)" : string.Join("; ", changes));
        }
        return t;
    }

    // Values are shown to people: "hog+flow", not the default encoder's "hog\u002Bflow".
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Dictionary<string, string?> Flatten(JsonNode? node)
    {
        var flat = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o)
                foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}");
            else flat[path] = n is JsonValue v && v.TryGetValue<string>(out var text) ? text : n?.ToJsonString(Readable);
        }
        Walk(node, "");
        return flat;
    }
}
