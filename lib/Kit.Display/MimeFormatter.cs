using System.Globalization;
using Microsoft.DotNet.Interactive.Formatting;

namespace Kit.Display;

/// <summary>
/// Turns any value into a <see cref="MimeBundle"/>: the kit's own types render themselves, text and numbers stay
/// plain text, everything else goes through Microsoft.DotNet.Interactive.Formatting (so <c>Formatter.Register</c>
/// customisations made in a notebook apply) with a plain-text alternative beside the HTML.
/// </summary>
public static class MimeFormatter
{
    /// <summary>Formats <paramref name="value"/>; with <paramref name="mimeTypes"/> given, only those types (plus text/plain).</summary>
    public static MimeBundle Format(object? value, params string[] mimeTypes)
    {
        var bundle = value switch
        {
            IMimeRenderable renderable => renderable.ToMimeBundle(),
            null => new MimeBundle("null"),
            string text => new MimeBundle(text),
            IFormattable scalar when IsScalar(value) => new MimeBundle(scalar.ToString(null, CultureInfo.InvariantCulture)),
            bool flag => new MimeBundle(flag ? "True" : "False"),
            char c => new MimeBundle(c.ToString()),
            Microsoft.Data.Analysis.DataFrame frame => DataFrameHtml.ToMimeBundle(frame),
            _ when Plotly.PlotlyNetChart.IsGenericChart(value) => Plotly.PlotlyNetChart.ToMimeBundle(value),
            _ => ThroughFormatter(value, mimeTypes),
        };
        return mimeTypes.Length == 0 ? bundle : Restrict(bundle, mimeTypes);
    }

    private static bool IsScalar(object value) => value.GetType().IsPrimitive || value is decimal or Enum;

    private static MimeBundle ThroughFormatter(object value, string[] mimeTypes)
    {
        var bundle = new MimeBundle(value.ToDisplayString(PlainTextFormatter.MimeType));
        var wanted = mimeTypes.Length == 0 ? [HtmlFormatter.MimeType] : mimeTypes;
        foreach (var mime in wanted.Where(m => m != MimeBundle.PlainText))
            bundle.With(mime, value.ToDisplayString(mime));
        return bundle;
    }

    private static MimeBundle Restrict(MimeBundle bundle, string[] mimeTypes)
    {
        var restricted = new MimeBundle(bundle.Text);
        foreach (var (mime, data) in bundle.Data)
        {
            if (!mimeTypes.Contains(mime)) continue;
            if (data is string text) restricted.With(mime, text);
            else restricted.With(mime, (System.Text.Json.Nodes.JsonNode)data);
        }
        return restricted;
    }
}
