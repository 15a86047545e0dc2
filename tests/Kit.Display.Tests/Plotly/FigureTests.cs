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
        Assert.StartsWith("data:image/png;base64,", json["data"]![0]!["source"]!.GetValue<string>());
        Assert.Equal(3, json["layout"]!["annotations"]!.AsArray().Count);
        Assert.NotNull(json["layout"]!["yaxis3"]);
    }

    [Fact]
    public void FramePixelsAreAGreyPngWithValidChunks()
    {
        var png = Png.Grey(new float[2, 2] { { 0, 1 }, { 0.5f, float.NaN } });
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        // Every PNG ends with the IEND chunk, whose CRC is the constant AE 42 60 82 (PNG specification).
        Assert.Equal(new byte[] { 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82 }, png[^12..]);
        Assert.Equal(new byte[] { 0, 0, 0, 2, 0, 0, 0, 2, 8, 0 }, png[16..26]); // IHDR: width 2, height 2, 8-bit grey
        var idatLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Assert.Equal("IDAT", System.Text.Encoding.ASCII.GetString(png, 37, 4));
        using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(png, 41, idatLength), System.IO.Compression.CompressionMode.Decompress);
        var rows = new MemoryStream();
        zlib.CopyTo(rows);
        Assert.Equal(new byte[] { 0, 0, 255, 0, 128, 0 }, rows.ToArray()); // filter byte + pixels per row; NaN is black
    }

    [Fact]
    public void UnnamedLinesStayOutOfTheLegend()
    {
        var json = new Figure().Scatter([1], [2]).Line([1], [2], "named").ToJson();
        Assert.False(json["data"]![0]!["showlegend"]!.GetValue<bool>());
        Assert.Null(json["data"]![1]!["showlegend"]);
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
