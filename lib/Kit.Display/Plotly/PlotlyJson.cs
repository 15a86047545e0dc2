using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Display.Plotly;

/// <summary>JSON helpers for Plotly figures: non-finite numbers become null (Plotly shows a gap), HTML-safe output.</summary>
internal static class PlotlyJson
{
    /// <summary>Escapes &lt;, &gt; and &amp; so the JSON can sit inside a &lt;script&gt; element.</summary>
    private static readonly JsonSerializerOptions ScriptSafe = new() { WriteIndented = false };

    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Number).ToArray());

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Rows of a matrix as nested arrays (z of a heatmap).</summary>
    public static JsonArray Matrix(double[,] z)
    {
        var rows = new JsonArray();
        for (var r = 0; r < z.GetLength(0); r++)
        {
            var row = new JsonArray();
            for (var c = 0; c < z.GetLength(1); c++) row.Add(Number(z[r, c]));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A title object; Plotly 3+ ignores plain-string titles.</summary>
    public static JsonObject Title(string text) => new() { ["text"] = text };

    public static string Serialize(JsonNode node) => node.ToJsonString(ScriptSafe);
}
