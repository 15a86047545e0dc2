using Kit.Display;
using Kit.Display.Plotly;
using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

/// <summary>
/// A cell that restores Plotly.NET (through Plotly.NET.CSharp) with <c>#r "nuget: ..."</c> and ends in a chart displays
/// it offline: the figure JSON under the Plotly MIME type and HTML drawn by the kit's pinned plotly.js, inlined, with
/// no CDN. Needs the NuGet feed and the npm-installed plotly.js (tools/kernel/setup-kernel.sh).
/// </summary>
public sealed class PlotlyNetCellTests
{
    // Plotly.NET's dependencies reference FSharp.Core 5.0.0.0 and the restore brings 10.1: the script session's
    // version unification (ScriptSession.UnifyAssemblyVersions) lets the chart load.
    [Fact]
    public void ANuGetRestoredPlotlyNetChartRendersOfflineWithThePinnedPlotlyJs()
    {
        Assert.True(PlotlyLibrary.Locate() is not null, "plotly.js is not installed: run npm ci in the repository");
        var cache = Directory.CreateTempSubdirectory("kit-kernel-plotly-").FullName;
        try
        {
            using var session = new ScriptSession(new NuGetRestorer(cache), _ => { });
            var outcome = session.Execute("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n"
                + "Plotly.NET.CSharp.Chart.Line<int, double, string>(x: new[] { 1, 2, 3 }, y: new[] { 4.5, 5.0, 7.25 }, Name: \"loss\")",
                new CellContext("Cell[1]", CancellationToken.None));
            var ok = outcome as ExecutionOutcome.Success ?? throw new Xunit.Sdk.XunitException(string.Join("\n", ((ExecutionOutcome.Failure)outcome).Traceback));
            Assert.Equal(PlotlyNetChart.TypeName, ok.Value!.GetType().BaseType!.FullName);
            var bundle = MimeFormatter.Format(ok.Value);
            var json = (System.Text.Json.Nodes.JsonObject)bundle.Data["application/vnd.plotly.v1+json"];
            Assert.Equal([4.5, 5.0, 7.25], json["data"]![0]!["y"]!.AsArray().Select(v => (double)v!));
            Assert.Equal("loss", (string)json["data"]![0]!["name"]!);
            var html = (string)bundle.Data[MimeBundle.Html];
            Assert.True(PlotlyLibrary.Draws(bundle));                    // the kernel stores the pinned bundle once in the page
            Assert.Contains("Plotly.newPlot(el, fig.data, fig.layout", html);
            Assert.DoesNotMatch("<script[^>]*\\ssrc=", html);
            Assert.DoesNotContain("require.config", html);
            Assert.Equal("Plotly.NET chart: 1 trace(s) (scatter)", bundle.Text);
            // The next chart of the session reuses the window.Plotly the first one defined.
            Assert.DoesNotContain(PlotlyLibrary.Script[..200], (string)MimeFormatter.Format(ok.Value).Data[MimeBundle.Html]);
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }
}
