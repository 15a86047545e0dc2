using Kit.Display;
using Kit.Display.Plotly;

namespace Kit.Display.Tests;

public sealed class HtmlReportTests
{
    [Fact]
    public void ReportInlinesPlotlyOnceForSeveralFigures()
    {
        if (PlotlyLibrary.Locate() is null)
            Assert.Fail("plotly.js is not installed: run tools/kernel/setup-kernel.sh (npm ci)");
        var html = new HtmlReport("Ablation <1>").Paragraph("text").Add(new Table("a").AddRow(1))
            .Add(new Figure().Bar(["a"], [1])).Add(new Figure().Bar(["b"], [2])).ToString();
        Assert.Contains("<title>Ablation &lt;1&gt;</title>", html);
        Assert.Equal(1, CountOf(html, PlotlyLibrary.Script[..100]));
        Assert.Equal(2, CountOf(html, "Plotly.newPlot"));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
