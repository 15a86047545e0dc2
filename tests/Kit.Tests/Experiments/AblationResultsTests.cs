using System.Text.Json.Nodes;
using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class AblationResultsTests
{
    private static async Task<AblationResults> Run(AblationTable table, int seeds, string dir, FakeRowExecutor? executor = null) =>
        await Runner.RunAsync(table, Scale.Smoke, new RunOptions(seeds, dir, executor ?? TinyTable.Executor()));

    [Fact]
    public async Task TheTableShowsPaperMeasuredSpreadAndSeeds()
    {
        using var dir = new TempDir();
        var table = (await Run(TinyTable.Create(), 2, dir.Path)).Table();
        Assert.Equal(["setting", "measure", "paper", "paper top-5", "other versions", "measured mean", "std", "min", "max", "per seed", "top-5 mean", "wall s"], table.Columns);
        var first = table.Rows[0];
        Assert.Equal(("90%", 70.0, 90.0, 140.05, 0.071, "140, 140.1"), ((string)first[0]!, (double)first[2]!, (double)first[3]!, (double)first[5]!, (double)first[6]!, (string)first[9]!));
    }

    [Fact]
    public async Task BarsShowPaperAndMeasuredWithErrorBars()
    {
        using var dir = new TempDir();
        var chart = (await Run(TinyTable.Create(), 2, dir.Path)).Chart().ToJson();
        var data = chart["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        Assert.All(data, t => Assert.Equal("bar", (string)t!["type"]!));
        // The synthetic scales' chance level (14 classes) beside every row.
        Assert.Equal("chance (7.1 %)", (string)data[2]!["name"]!);
        Assert.All(data[2]!["y"]!.AsArray(), v => Assert.Equal(100.0 / 14, (double)v!, 6));
        Assert.Equal([70.0, 68.0, 65.0], data[0]!["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([140.05, 120.05, 100.05], data[1]!["y"]!.AsArray().Select(v => Math.Round((double)v!, 6)));
        Assert.All(data[1]!["error_y"]!["array"]!.AsArray(), e => Assert.Equal(0.0707, Math.Round((double)e!, 4)));
        Assert.Equal("group", (string)chart["layout"]!["barmode"]!);
    }

    [Fact]
    public async Task SweepsAreLinesWithEverySeedAsAPoint()
    {
        using var dir = new TempDir();
        var chart = (await Run(Ablations.Get("mme-t7"), 2, dir.Path, new FakeRowExecutor((r, s) => r.Target.Int("length") + s))).Chart().ToJson();
        var data = chart["data"]!.AsArray();
        Assert.Equal(["lines", "lines+markers", "lines+markers", "markers"], data.Select(t => (string)t!["mode"]!));
        Assert.Equal("chance (7.1 %)", (string)data[0]!["name"]!);
        Assert.Equal([0.0, 8], data[0]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([0.0, 2, 4, 6, 8], data[2]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([0.5, 2.5, 4.5, 6.5, 8.5], data[2]!["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(10, data[3]!["y"]!.AsArray().Count);
        Assert.Equal("trajectory length L (frames)", (string)chart["layout"]!["xaxis"]!["title"]!["text"]!);
    }

    [Fact]
    public async Task TablesMixingMeasurementsGetOneChartEach()
    {
        using var dir = new TempDir();
        var results = await Run(Ablations.Get("mme-f3"), 1, dir.Path, new FakeRowExecutor());
        var charts = results.Charts();
        Assert.Equal(2, charts.Count);
        Assert.Equal(["final pre-training loss", "top-1 %"], charts.Select(c => (string)c.ToJson()["layout"]!["yaxis"]!["title"]!["text"]!).Order());
    }

    [Fact]
    public async Task ResultsJsonHoldsRowsSeedsClaimsAndRecipes()
    {
        using var dir = new TempDir();
        var results = await Run(TinyTable.Create(), 2, dir.Path);
        var out_ = Path.Combine(dir.Path, "out");
        Directory.CreateDirectory(out_);
        var json = Path.Combine(out_, "results.json");
        Kit.Torch.AtomicFile.WriteAllText(json, "stale");
        try { results.WriteOutputs(out_); } catch (FileNotFoundException) { /* no plotly.js here: results.json is still written first */ }
        var doc = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal("tiny", (string)doc["table"]!);
        var row = doc["rows"]![0]!;
        Assert.Equal(("90%", 70.0, 140.05), ((string)row["setting"]!, (double)row["paperTop1"]!, Math.Round((double)row["measuredMean"]!, 6)));
        Assert.Equal([140.0, 140.1], row["perSeed"]!.AsArray().Select(s => Math.Round((double)s!["value"]!, 6)));
        Assert.Equal("tube", (string)row["recipe"]!["mask"]!["name"]!);
        Assert.Equal(Scale.Smoke.Frames, (int)row["recipe"]!["data"]!["frames"]!);
        Assert.Equal(3, doc["claims"]!.AsArray().Count);
        Assert.Equal(results.Summary(), (string)doc["summary"]!);
    }

    [PlotlyFact]
    public async Task ReportHtmlHasChartTableAndSummaryOffline()
    {
        using var dir = new TempDir();
        var results = await Run(TinyTable.Create(), 2, dir.Path);
        var (_, html) = results.WriteOutputs(dir.Path);
        var text = File.ReadAllText(html);
        Assert.Contains("Plotly.newPlot", text);
        Assert.True(text.Length > 1_000_000, "plotly.js is inlined, so the page works offline");
        Assert.Contains("<table", text);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(results.Summary()), text);
    }

    [PlotlyFact]
    public async Task ANotebookShowsChartTableAndSummaryInOneOutput()
    {
        using var dir = new TempDir();
        var results = await Run(TinyTable.Create(), 2, dir.Path);
        var bundle = results.ToMimeBundle();
        Assert.Contains(results.Summary(), bundle.Text);
        var html = (string)bundle.Data[Kit.Display.MimeBundle.Html];
        Assert.Contains("newPlot", html);
        Assert.Contains("<table", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(results.Summary()), html);
    }

    [Fact]
    public async Task EveryRegisteredTableRunsAtSmokeScaleAndRenders()
    {
        using var dir = new TempDir();
        foreach (var table in Ablations.All)
        {
            var results = await Run(table, 1, dir.Path, new FakeRowExecutor());
            Assert.Equal(table.Rows.Count, results.Table().Rows.Count);
            Assert.Equal(table.Kinds.Count, results.Charts().Count);
            Assert.All(results.Charts(), c => Assert.True(c.TraceCount >= 2));
            Assert.StartsWith(table.Id, results.Summary());
        }
    }
}
