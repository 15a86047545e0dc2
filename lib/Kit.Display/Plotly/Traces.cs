using System.Text.Json.Nodes;

namespace Kit.Display.Plotly;

/// <summary>Builds the JSON of each Plotly trace type the figure builder offers.</summary>
internal static class Traces
{
    public static JsonObject Bar(IEnumerable<string> x, IEnumerable<double> y, string? name, IEnumerable<double>? errors)
    {
        var trace = new JsonObject { ["type"] = "bar", ["x"] = PlotlyJson.Strings(x), ["y"] = PlotlyJson.Numbers(y) };
        if (name is not null) trace["name"] = name;
        if (errors is not null)
            trace["error_y"] = new JsonObject { ["type"] = "data", ["array"] = PlotlyJson.Numbers(errors), ["visible"] = true };
        return trace;
    }

    public static JsonObject Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name, string mode)
    {
        var trace = new JsonObject
        {
            ["type"] = "scatter", ["mode"] = mode, ["x"] = PlotlyJson.Numbers(x), ["y"] = PlotlyJson.Numbers(y),
        };
        if (name is not null) trace["name"] = name;
        else trace["showlegend"] = false; // an unnamed trace would be listed as "trace N"
        return trace;
    }

    public static JsonObject Heatmap(double[,] z, IReadOnlyList<string>? x, IReadOnlyList<string>? y, string colorscale)
    {
        var trace = new JsonObject { ["type"] = "heatmap", ["z"] = PlotlyJson.Matrix(z), ["colorscale"] = colorscale };
        if (x is not null) trace["x"] = PlotlyJson.Strings(x);
        if (y is not null) trace["y"] = PlotlyJson.Strings(y);
        return trace;
    }

    /// <summary>A grey-scale frame (values 0..1, clamped) as an image trace on the given axes, its pixels a PNG data URI.</summary>
    public static JsonObject Image(float[,] frame, string xaxis, string yaxis) => new()
    {
        ["type"] = "image", ["source"] = Png.GreyDataUri(frame), ["xaxis"] = xaxis, ["yaxis"] = yaxis, ["hoverinfo"] = "x+y",
    };
}
