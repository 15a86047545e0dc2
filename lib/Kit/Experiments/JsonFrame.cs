using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;

namespace Kit.Experiments;

/// <summary>
/// Rows of JSON objects as a <see cref="DataFrame"/>: nested objects are flattened to dotted column names
/// ("recipe.pretrain.steps"), arrays stay whole as JSON text, and each column gets one type from its values: bool,
/// int64 when every number is an integer literal, double otherwise (parsed from the shortest round-trip text, so
/// values are bit-exact), string for text and for columns mixing kinds. Missing and null values are nulls. Columns
/// appear in the order their names are first met.
/// </summary>
public static class JsonFrame
{
    /// <summary>Builds the frame from one JSON object per row.</summary>
    public static DataFrame FromObjects(IEnumerable<JsonObject> rows)
    {
        var flat = rows.Select(r => Flatten(r).ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in flat)
            foreach (var name in row.Keys)
                if (seen.Add(name)) names.Add(name);
        return new DataFrame(names.Select(n => Column(n, flat.Select(r => r.GetValueOrDefault(n)).ToList())));
    }

    /// <summary>Builds the frame from JSON text: an array of objects, or one object (one row).</summary>
    public static DataFrame FromJson(string json, string where)
    {
        var node = JsonNode.Parse(json);
        return node switch
        {
            JsonObject o => FromObjects([o]),
            JsonArray a => FromObjects(a.Select((e, i) => e as JsonObject ?? throw new InvalidDataException($"{where}: element {i} is not a JSON object"))),
            _ => throw new InvalidDataException($"{where}: expected a JSON object or an array of objects"),
        };
    }

    /// <summary>Leaf values of an object by dotted path (objects are descended, arrays and scalars are leaves).</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Flatten(JsonObject o, string prefix = "")
    {
        foreach (var (key, value) in o)
        {
            var name = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is JsonObject inner && inner.Count > 0)
                foreach (var leaf in Flatten(inner, name)) yield return leaf;
            else
                yield return new(name, value);
        }
    }

    private static DataFrameColumn Column(string name, IReadOnlyList<JsonNode?> values)
    {
        var kinds = values.Where(v => v is not null).Select(Kind).Distinct().ToList();
        if (kinds.Count == 1 && kinds[0] == JsonValueKind.True)
            return new BooleanDataFrameColumn(name, values.Select(v => v is null ? (bool?)null : v.GetValue<bool>()));
        if (kinds.Count == 1 && kinds[0] == JsonValueKind.Number)
        {
            var elements = values.Select(v => v is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(v)).ToList();
            if (elements.All(e => e is null || IsIntegerLiteral(e.Value)))
                return new Int64DataFrameColumn(name, elements.Select(e => e?.GetInt64()));
            return new DoubleDataFrameColumn(name, elements.Select(e => e?.GetDouble()));
        }
        return new StringDataFrameColumn(name, values.Select(v => v switch
        {
            null => null,
            JsonValue s when s.GetValueKind() == JsonValueKind.String => s.GetValue<string>(),
            _ => v.ToJsonString(),
        }));
    }

    /// <summary>The kind of a value, with true and false folded into one.</summary>
    private static JsonValueKind Kind(JsonNode? v) => v!.GetValueKind() switch
    {
        JsonValueKind.False => JsonValueKind.True,
        var k => k,
    };

    private static bool IsIntegerLiteral(JsonElement e)
    {
        var raw = e.GetRawText();
        return raw.IndexOfAny(['.', 'e', 'E']) < 0 && e.TryGetInt64(out _);
    }
}
