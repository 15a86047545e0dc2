using System.Text.Json.Nodes;
using Kit.Display;
using Kit.Display.Plotly;

namespace Kit.Display.Tests.Plotly;

/// <summary>
/// A Plotly.NET chart displays like the kit's own figures: the figure JSON under the Plotly MIME type and HTML drawn
/// by the kit's pinned plotly.js, inlined once per session, with nothing loaded from a CDN.
/// </summary>
public sealed class PlotlyNetChartTests
{
    private static object Chart() =>
        global::Plotly.NET.CSharp.Chart.Line<int, double, string>(x: new[] { 1, 2, 3 }, y: new[] { 4.5, 5.0, 7.25 }, Name: "loss");

    [Fact]
    public void APlotlyNetChartRendersOfflineThroughTheDisplayLayer()
    {
        Assert.True(PlotlyLibrary.Locate() is not null, "plotly.js is not installed: run npm ci in the repository");
        var chart = Chart();
        Assert.True(PlotlyNetChart.IsGenericChart(chart));
        var bundle = MimeFormatter.Format(chart);
        Assert.Equal([MimeBundle.PlainText, MimeBundle.Html, "application/vnd.plotly.v1+json"], bundle.Data.Keys.Order(StringComparer.Ordinal).OrderBy(k => k == MimeBundle.PlainText ? 0 : k == MimeBundle.Html ? 1 : 2));
        var json = (JsonObject)bundle.Data["application/vnd.plotly.v1+json"];
        Assert.Equal([4.5, 5.0, 7.25], json["data"]![0]!["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal("loss", (string)json["data"]![0]!["name"]!);
        var html = (string)bundle.Data[MimeBundle.Html];
        Assert.True(PlotlyLibrary.Draws(bundle));                           // so the kernel stores the pinned bundle once in the page
        Assert.Contains("Plotly.newPlot(el, fig.data, fig.layout", html);
        Assert.Contains("height:600px", html);                              // Plotly.NET's default layout height
        Assert.DoesNotMatch("<script[^>]*\\ssrc=", html);                    // nothing fetched (Plotly.NET's own HTML uses a CDN)
        Assert.DoesNotContain("require.config", html);
        Assert.Equal("Plotly.NET chart: 1 trace(s) (scatter)", bundle.Text);
        Assert.DoesNotContain(PlotlyLibrary.Script[..200], html);          // the chart itself holds no copy of plotly.js
    }

    [Fact]
    public void TheKitsOwnFiguresAndPlotlyNetChartsShareTheMimeTypes()
    {
        var kit = MimeFormatter.Format(new Figure("t").Line([1.0, 2.0], [3.0, 4.0]));
        var net = MimeFormatter.Format(Chart());
        Assert.Equal(kit.Data.Keys.Order(), net.Data.Keys.Order());
        Assert.False(PlotlyNetChart.IsGenericChart(new Figure()));
    }
}
