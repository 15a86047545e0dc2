using System.Net;

namespace Kit.Display.Plotly;

/// <summary>Renders a <see cref="Figure"/> as HTML: a notebook fragment or a complete standalone page.</summary>
internal static class FigureHtml
{
    /// <summary>The MIME type JupyterLab's and VS Code's Plotly renderers read.</summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>
    /// A div and a script that draws into it. When window.Plotly is not defined yet (the bundle is still being parsed,
    /// or the page has no bundle at all) the script waits up to 5 s and then says what to do instead of failing silently.
    /// </summary>
    public static string Fragment(Figure figure, string libraryScript)
    {
        var id = "kit-plot-" + Guid.NewGuid().ToString("N");
        var json = PlotlyJson.Serialize(figure.ToJson());
        return $$"""
            {{libraryScript}}<div id="{{id}}" class="kit-plotly" style="width:100%;height:{{figure.HeightPixels}}px"></div>
            <script type="text/javascript">
            (function () {
              var fig = {{json}};
              var el = document.getElementById("{{id}}");
              function draw() { window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false}); }
              if (window.Plotly) { draw(); return; }
              var tries = 0, timer = setInterval(function () {
                if (window.Plotly) { clearInterval(timer); draw(); }
                else if (++tries > 100) { clearInterval(timer); el.textContent = "plotly.js is not loaded in this page: re-run the notebook from the top (it is inlined once per kernel session)."; }
              }, 50);
            })();
            </script>
            """;
    }

    /// <summary>A complete HTML document with the bundle inlined; opens offline.</summary>
    public static string Page(Figure figure)
    {
        var title = WebUtility.HtmlEncode(figure.ToString());
        return $"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>{title}</title></head>
            <body>
            {Fragment(figure, PlotlyLibrary.ScriptElement())}
            </body></html>
            """;
    }
}
