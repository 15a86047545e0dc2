using System.Net;
using System.Text.Json;

namespace Kit.Display.Plotly;

/// <summary>Renders a <see cref="Figure"/> as HTML: a notebook fragment or a complete standalone page.</summary>
internal static class FigureHtml
{
    /// <summary>
    /// A div and a script that draws into it. The div first holds a visible note, which the script replaces with the
    /// chart: where the page does not run scripts (an untrusted notebook, a viewer without JavaScript) the note says
    /// why the chart is missing instead of leaving a blank area. The script draws with window.Plotly: defined by the
    /// notebook's copy of plotly.js (one output per notebook page holds it, see <see cref="PlotlyLibrary"/>), or
    /// loaded once per page from the notebook server, which serves it from the kernelspec's folder. Where neither
    /// comes within 10 s (an exported page whose notebook held no copy), the note says what to do.
    /// </summary>
    /// <param name="figure">The figure.</param>
    /// <param name="libraryScript">A script element holding plotly.js to put before it, or "".</param>
    public static string Fragment(Figure figure, string libraryScript) =>
        Fragment(figure.ToJson(), figure.HeightPixels, figure.ToString(), libraryScript);

    /// <summary>The same for any figure JSON ({"data": [...], "layout": {...}}), e.g. a Plotly.NET chart's.</summary>
    /// <param name="figureJson">the figure.</param>
    /// <param name="height">height of the chart area in pixels.</param>
    /// <param name="description">one line naming the chart (shown where the script does not run).</param>
    /// <param name="libraryScript">a script element holding plotly.js to put before it, or "".</param>
    public static string Fragment(System.Text.Json.Nodes.JsonObject figureJson, int height, string description, string libraryScript)
    {
        var id = "kit-plot-" + Guid.NewGuid().ToString("N");
        var json = PlotlyJson.Serialize(figureJson);
        var served = PlotlyLibrary.ServedKernelspec is { } spec ? JsonSerializer.Serialize(spec) : "null";
        var title = WebUtility.HtmlEncode(description);
        return $$"""
            {{libraryScript}}<div id="{{id}}" class="kit-plotly" style="width:100%;height:{{height}}px"><p class="kit-plotly-note" style="color:#a33;font-family:sans-serif">{{title}}: this chart is drawn by a script that this page did not run. In Jupyter: File &gt; Trust Notebook (or run the cell again).</p></div>
            <script type="text/javascript">
            (function () {
              var fig = {{json}};
              var el = document.getElementById("{{id}}");
              var note = el.querySelector(".kit-plotly-note");
              function say(text) { if (note) note.textContent = text; }
              function draw() {
                if (note) { note.remove(); note = null; }
                window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});
              }
              if (window.Plotly) { draw(); return; }
              say("Loading plotly.js...");
              var spec = {{served}};
              var kit = window.kitPlotlyLoader = window.kitPlotlyLoader || {requested: false};
              function baseUrl() {
                var base = document.body && document.body.getAttribute("data-base-url");
                var config = document.getElementById("jupyter-config-data");
                if (!base && config) { try { base = JSON.parse(config.textContent).baseUrl; } catch (e) { base = null; } }
                return base || "/";
              }
              var tries = 0, timer = setInterval(function () {
                tries++;
                if (window.Plotly) { clearInterval(timer); draw(); return; }
                // The page's own copy may still be parsing: ask the server only after a moment, and once per page.
                if (tries === 6 && spec && !kit.requested && location.protocol !== "file:") {
                  kit.requested = true;
                  var script = document.createElement("script");
                  script.src = baseUrl().replace(/\/?$/, "/") + "kernelspecs/" + encodeURIComponent(spec) + "/plotly.min.js";
                  document.head.appendChild(script);
                }
                if (tries > 200) {
                  clearInterval(timer);
                  say("plotly.js is not in this page and could not be loaded: run the notebook again in Jupyter with the kit's kernel (the first chart output of each notebook page stores plotly.js), then save or export it.");
                }
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
