using System.Reflection;
using System.Text.Json.Nodes;

namespace Kit.Display.Plotly;

/// <summary>
/// Displays a Plotly.NET <c>GenericChart</c> (from <c>#r "nuget: Plotly.NET"</c> or Plotly.NET.CSharp in a cell) the
/// way the kit displays its own <see cref="Figure"/>s: the figure JSON (<c>application/vnd.plotly.v1+json</c>) and an
/// HTML fragment drawn by the kit's pinned plotly.js, stored once per notebook page (<see cref="PlotlyLibrary"/>). Plotly.NET's
/// own HTML loads plotly.js from a CDN and draws nothing offline; only its figure JSON is used here. The kit does not
/// reference Plotly.NET (its FSharp.Core would then be the kit's problem): the chart is recognised by its type name and
/// its JSON is read through Plotly.NET's public <c>GenericChart.toFigureJson</c> (Plotly.NET 4 and later).
/// </summary>
public static class PlotlyNetChart
{
    /// <summary>The full name of Plotly.NET's chart type (an F# union: charts are instances of its nested cases).</summary>
    public const string TypeName = "Plotly.NET.GenericChart";

    /// <summary>True for a Plotly.NET chart.</summary>
    public static bool IsGenericChart(object? value) => ChartType(value?.GetType()) is not null;

    /// <summary>The chart's figure as Plotly.NET writes it: {"data": [...], "layout": {...}, ...}.</summary>
    public static JsonObject FigureJson(object chart)
    {
        var type = ChartType(chart.GetType()) ?? throw new ArgumentException($"a {chart.GetType().FullName} is not a Plotly.NET {TypeName}", nameof(chart));
        var toJson = type.GetMethod("toFigureJson", BindingFlags.Public | BindingFlags.Static, [type])
            ?? throw new InvalidOperationException($"Plotly.NET {type.Assembly.GetName().Version} has no GenericChart.toFigureJson; the kit displays charts of Plotly.NET 4 and later");
        var text = (string)toJson.Invoke(null, [chart])!;
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Plotly.NET's figure JSON is not an object");
    }

    /// <summary>Plain text, the Plotly MIME type and HTML, as <see cref="Figure.ToMimeBundle"/> gives for the kit's own figures.</summary>
    public static MimeBundle ToMimeBundle(object chart)
    {
        var figure = FigureJson(chart);
        var figureJson = new JsonObject { ["data"] = figure["data"]?.DeepClone() ?? new JsonArray(), ["layout"] = figure["layout"]?.DeepClone() ?? new JsonObject() };
        var height = figureJson["layout"]?["height"] is JsonValue h && h.TryGetValue<double>(out var px) ? (int)px : 450;
        var description = Describe(figureJson);
        // The same fragment as the kit's own figures: plotly.js comes from the notebook page's one stored copy (the
        // kernel adds it before the first chart of a page) or from the notebook server.
        return new MimeBundle(description)
            .With(MimeBundle.Html, FigureHtml.Fragment(figureJson, height, description, ""))
            .With(PlotlyLibrary.MimeType, figureJson);
    }

    private static Type? ChartType(Type? t)
    {
        for (; t is not null; t = t.BaseType)
            if (t.FullName == TypeName) return t;
        return null;
    }

    private static string Describe(JsonObject figure)
    {
        var traces = figure["data"] as JsonArray ?? [];
        var kinds = traces.Select(t => t?["type"]?.GetValue<string>() ?? "scatter").Distinct();
        var title = figure["layout"]?["title"]?["text"]?.GetValue<string>();
        return $"Plotly.NET chart{(title is null ? "" : $" '{title}'")}: {traces.Count} trace(s) ({string.Join(", ", kinds)})";
    }
}
