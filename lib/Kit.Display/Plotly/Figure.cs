using System.Globalization;
using System.Text.Json.Nodes;

namespace Kit.Display.Plotly;

/// <summary>
/// A typed builder of Plotly figures: bars (grouped, with error bars), lines and scatters with markers, heatmaps,
/// grids of image frames and annotations. It emits Plotly figure JSON and renders it for notebooks (inlined plotly.js,
/// no network) and as a standalone offline HTML page.
/// <code>new Figure("Top-1 by masking ratio").Line(ratios, acc, "tube").XAxis("ratio").YAxis("top-1 %").Display();</code>
/// </summary>
public sealed class Figure : IMimeRenderable
{
    private readonly List<JsonObject> _traces = [];
    private readonly JsonObject _layout = new();
    private readonly JsonArray _annotations = [];
    private int _height = 420;

    /// <summary>Starts a figure, optionally with a title.</summary>
    public Figure(string? title = null)
    {
        if (title is not null) Title(title);
    }

    /// <summary>Number of traces added so far.</summary>
    public int TraceCount => _traces.Count;

    /// <summary>Sets the figure title.</summary>
    public Figure Title(string text) => SetLayout("title", PlotlyJson.Title(text));

    /// <summary>Titles the x axis; <paramref name="type"/> may be "linear", "log" or "category".</summary>
    public Figure XAxis(string title, string? type = null) => Axis("xaxis", title, type);

    /// <summary>Titles the y axis; <paramref name="type"/> may be "linear", "log" or "category".</summary>
    public Figure YAxis(string title, string? type = null) => Axis("yaxis", title, type);

    /// <summary>Sets the height in pixels (width follows the page).</summary>
    public Figure Height(int pixels)
    {
        _height = pixels > 0 ? pixels : throw new ArgumentOutOfRangeException(nameof(pixels));
        return SetLayout("height", pixels);
    }

    /// <summary>Adds a bar per category, with optional symmetric error bars.</summary>
    public Figure Bar(IEnumerable<string> categories, IEnumerable<double> values, string? name = null, IEnumerable<double>? errors = null)
    {
        _traces.Add(Traces.Bar(categories, values, name, errors));
        return this;
    }

    /// <summary>Adds one bar trace per series side by side for each category (barmode "group").</summary>
    public Figure GroupedBar(IReadOnlyList<string> categories, params BarSeries[] series)
    {
        foreach (var s in series)
        {
            if (s.Values.Count != categories.Count || (s.Errors is not null && s.Errors.Count != categories.Count))
                throw new ArgumentException($"Series '{s.Name}' needs one value (and error) per category ({categories.Count}).");
            _traces.Add(Traces.Bar(categories, s.Values, s.Name, s.Errors));
        }
        return SetLayout("barmode", "group");
    }

    /// <summary>Adds a line; with <paramref name="markers"/> each point is also marked.</summary>
    public Figure Line(IEnumerable<double> x, IEnumerable<double> y, string? name = null, bool markers = true)
    {
        _traces.Add(Traces.Scatter(x, y, name, markers ? "lines+markers" : "lines"));
        return this;
    }

    /// <summary>Adds points without connecting lines.</summary>
    public Figure Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null)
    {
        _traces.Add(Traces.Scatter(x, y, name, "markers"));
        return this;
    }

    /// <summary>Adds a heatmap of <paramref name="z"/> (rows, columns); NaN cells are left empty.</summary>
    public Figure Heatmap(double[,] z, IReadOnlyList<string>? columnLabels = null, IReadOnlyList<string>? rowLabels = null, string colorscale = "Viridis")
    {
        if (columnLabels is not null && columnLabels.Count != z.GetLength(1)) throw new ArgumentException("One label per column.", nameof(columnLabels));
        if (rowLabels is not null && rowLabels.Count != z.GetLength(0)) throw new ArgumentException("One label per row.", nameof(rowLabels));
        _traces.Add(Traces.Heatmap(z, columnLabels, rowLabels, colorscale));
        return this;
    }

    /// <summary>
    /// Lays out grey-scale frames in a grid, <paramref name="columns"/> per row, each on its own hidden axes, with an
    /// optional caption above each frame.
    /// </summary>
    /// <param name="frames">Each (H, W), values 0..1 (clamped).</param>
    /// <param name="columns">Frames per grid row.</param>
    /// <param name="captions">Optional text above each frame, one per frame.</param>
    public Figure Frames(IReadOnlyList<float[,]> frames, int columns, IReadOnlyList<string>? captions = null)
    {
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns));
        if (captions is not null && captions.Count != frames.Count) throw new ArgumentException("One caption per frame.", nameof(captions));
        var rows = (frames.Count + columns - 1) / columns;
        const double gap = 0.02;
        for (var i = 0; i < frames.Count; i++)
        {
            var (row, col) = (i / columns, i % columns);
            var suffix = i == 0 ? "" : (i + 1).ToString(CultureInfo.InvariantCulture);
            var x0 = (double)col / columns + gap / 2; var x1 = (double)(col + 1) / columns - gap / 2;
            var y1 = 1 - (double)row / rows - gap * 2; var y0 = 1 - (double)(row + 1) / rows + gap / 2;
            _layout["xaxis" + suffix] = new JsonObject { ["domain"] = new JsonArray(x0, x1), ["visible"] = false, ["anchor"] = "y" + suffix };
            _layout["yaxis" + suffix] = new JsonObject { ["domain"] = new JsonArray(y0, y1), ["visible"] = false, ["anchor"] = "x" + suffix, ["scaleanchor"] = "x" + suffix };
            _traces.Add(Traces.Image(frames[i], "x" + suffix, "y" + suffix));
            if (captions is not null)
                _annotations.Add(new JsonObject
                {
                    ["text"] = captions[i], ["xref"] = "paper", ["yref"] = "paper", ["x"] = (x0 + x1) / 2, ["y"] = y1,
                    ["yanchor"] = "bottom", ["showarrow"] = false,
                });
        }
        return this;
    }

    /// <summary>Adds a text annotation at data coordinates (category names are valid x values on category axes).</summary>
    public Figure Annotate(object x, object y, string text, bool arrow = true)
    {
        _annotations.Add(new JsonObject
        {
            ["x"] = JsonValue.Create(x), ["y"] = JsonValue.Create(y), ["text"] = text, ["showarrow"] = arrow,
        });
        return this;
    }

    /// <summary>The Plotly figure: {"data": [...], "layout": {...}} as application/vnd.plotly.v1+json carries it.</summary>
    public JsonObject ToJson()
    {
        var layout = (JsonObject)_layout.DeepClone();
        if (_annotations.Count > 0) layout["annotations"] = _annotations.DeepClone();
        return new JsonObject
        {
            ["data"] = new JsonArray(_traces.Select(t => (JsonNode?)t.DeepClone()).ToArray()),
            ["layout"] = layout,
        };
    }

    /// <summary>An HTML fragment that draws the figure with the page's plotly.js (see <see cref="PlotlyLibrary"/>).</summary>
    public string ToHtml() => FigureHtml.Fragment(this, "");

    /// <summary>A complete offline HTML page with plotly.js inlined.</summary>
    public string ToStandaloneHtml() => FigureHtml.Page(this);

    /// <summary>Writes <see cref="ToStandaloneHtml"/> to <paramref name="path"/>.</summary>
    public void WriteHtml(string path) => File.WriteAllText(path, ToStandaloneHtml());

    /// <summary>A one-line summary: title and trace types.</summary>
    public override string ToString()
    {
        var title = _layout["title"]?["text"]?.GetValue<string>();
        var kinds = string.Join(", ", _traces.Select(t => t["type"]!.GetValue<string>()));
        return $"Figure{(title is null ? "" : $" \"{title}\"")}: {_traces.Count} trace(s) [{kinds}]";
    }

    /// <inheritdoc />
    public MimeBundle ToMimeBundle() =>
        new MimeBundle(ToString()).With(MimeBundle.Html, ToHtml()).With(PlotlyLibrary.MimeType, ToJson());

    internal int HeightPixels => _height;

    private Figure Axis(string axis, string title, string? type)
    {
        var json = new JsonObject { ["title"] = PlotlyJson.Title(title) };
        if (type is not null) json["type"] = type;
        return SetLayout(axis, json);
    }

    private Figure SetLayout(string key, JsonNode value)
    {
        _layout[key] = value;
        return this;
    }
}
