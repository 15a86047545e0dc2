using System.Net;
using System.Text;
using Kit.Display.Plotly;

namespace Kit.Display;

/// <summary>
/// A standalone offline HTML report (headings, paragraphs, tables, figures) with plotly.js inlined once; what
/// <c>./kit ablation</c> writes as report.html.
/// </summary>
public sealed class HtmlReport
{
    private readonly string _title;
    private readonly List<string> _parts = [];
    private bool _hasFigure;

    /// <summary>Starts a report with a page title, also shown as the top heading.</summary>
    public HtmlReport(string title)
    {
        _title = title;
        Heading(title, 1);
    }

    /// <summary>Adds a heading (level 1..6).</summary>
    public HtmlReport Heading(string text, int level = 2)
    {
        level = Math.Clamp(level, 1, 6);
        _parts.Add($"<h{level}>{WebUtility.HtmlEncode(text)}</h{level}>");
        return this;
    }

    /// <summary>Adds a paragraph of text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _parts.Add($"<p>{WebUtility.HtmlEncode(text)}</p>");
        return this;
    }

    /// <summary>Adds a table.</summary>
    public HtmlReport Add(Table table)
    {
        _parts.Add(table.ToHtml());
        return this;
    }

    /// <summary>Adds a figure; the first figure carries the plotly.js bundle.</summary>
    public HtmlReport Add(Figure figure)
    {
        _parts.Add(FigureHtml.Fragment(figure, _hasFigure ? "" : PlotlyLibrary.ScriptElement()));
        _hasFigure = true;
        return this;
    }

    /// <summary>The complete HTML document.</summary>
    public override string ToString()
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(_title))
            .Append("</title><style>body{font-family:sans-serif;margin:2em} table{margin:1em 0}</style></head><body>\n");
        foreach (var part in _parts) html.Append(part).Append('\n');
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Writes the document to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, ToString());
}
