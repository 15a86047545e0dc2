using Kit.Display.Plotly;

namespace Kit.Display.Tests.Plotly;

public sealed class FigureTests
{
    [Fact]
    public void GroupedBarsCarryErrorBarsAndBarmode()
    {
        var json = new Figure("t").GroupedBar(["a", "b"], new BarSeries("s", [1, 2], [0.1, 0.2]), new BarSeries("u", [3, 4])).ToJson();
        Assert.Equal("group", json["layout"]!["barmode"]!.GetValue<string>());
        Assert.Equal(0.2, json["data"]![0]!["error_y"]!["array"]![1]!.GetValue<double>());
        Assert.Null(json["data"]![1]!["error_y"]);
        Assert.Equal("t", json["layout"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void NonFiniteNumbersBecomeNull()
    {
        var json = new Figure().Line([1, 2, 3], [1, double.NaN, double.PositiveInfinity]).Heatmap(new[,] { { double.NaN } }).ToJson();
        Assert.Equal("[1,null,null]", json["data"]![0]!["y"]!.ToJsonString());
        Assert.Equal("lines+markers", json["data"]![0]!["mode"]!.GetValue<string>());
        Assert.Equal("[[null]]", json["data"]![1]!["z"]!.ToJsonString());
    }

    [Fact]
    public void FramesGetTheirOwnAxesAndCaptions()
    {
        var frame = new float[2, 2] { { 0, 1 }, { 0.5f, 2 } };
        var json = new Figure().Frames([frame, frame, frame], columns: 2, captions: ["t0", "t1", "t2"]).ToJson();
        Assert.Equal(["x", "x2", "x3"], json["data"]!.AsArray().Select(t => t!["xaxis"]!.GetValue<string>()));
        Assert.Equal("[[[0,0,0],[255,255,255]],[[128,128,128],[255,255,255]]]", json["data"]![0]!["z"]!.ToJsonString());
        Assert.Equal(3, json["layout"]!["annotations"]!.AsArray().Count);
        Assert.NotNull(json["layout"]!["yaxis3"]);
    }

    [Fact]
    public void AnnotationsAndAxisTitlesAreObjects()
    {
        var json = new Figure().Bar(["a"], [1]).Annotate("a", 1, "best").XAxis("x", "category").ToJson();
        Assert.Equal("best", json["layout"]!["annotations"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("x", json["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void BundleHasHtmlPlotlyJsonAndText()
    {
        var bundle = new Figure("t").Bar(["a"], [1]).ToMimeBundle();
        Assert.Contains("Plotly.newPlot", (string)bundle.Data["text/html"]);
        Assert.True(bundle.Data.ContainsKey("application/vnd.plotly.v1+json"));
        Assert.Equal("Figure \"t\": 1 trace(s) [bar]", bundle.Text);
    }
}
