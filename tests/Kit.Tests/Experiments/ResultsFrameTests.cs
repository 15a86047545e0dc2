using System.Globalization;
using Kit.Bench;
using Kit.Experiments;
using Kit.Training;
using Microsoft.Data.Analysis;

namespace Kit.Tests.Experiments;

public class ResultsFrameTests
{
    /// <summary>Seed slope 1/30 makes values like 140.03333333333333 whose every bit must survive.</summary>
    private static async Task<AblationResults> Run(string dir, int seeds = 2) =>
        await Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(seeds, dir, TinyTable.Executor(seedSlope: 1.0 / 30)));

    private static void SameFrame(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.DataType)), actual.Columns.Select(c => (c.Name, c.DataType)));
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        foreach (var c in expected.Columns)
            for (long i = 0; i < c.Length; i++)
                Assert.True(Equals(c[i], actual.Columns[c.Name][i]), $"column {c.Name}, row {i}: {c[i]} became {actual.Columns[c.Name][i]}");
    }

    [Fact]
    public async Task OneRowPerRowAndSeedWithTheRecipeFlattened()
    {
        using var dir = new TempDir();
        var results = await Run(dir.Path);
        var df = results.ToDataFrame();
        Assert.Equal(6, df.Rows.Count);
        Assert.Equal(["90%", "90%", "70%", "70%", "50%", "50%"], df.Columns["setting"].Cast<string>());
        Assert.Equal([0L, 1, 0, 1, 0, 1], df.Columns["seed"].Cast<long?>().Select(v => v!.Value));
        Assert.IsType<DoubleDataFrameColumn>(df.Columns["value"]);
        Assert.IsType<DoubleDataFrameColumn>(df.Columns["x"]);
        Assert.IsType<BooleanDataFrameColumn>(df.Columns["reused"]);
        Assert.IsType<Int64DataFrameColumn>(df.Columns["recipe.pretrain.steps"]);
        Assert.Equal([0.9, 0.9, 0.7, 0.7, 0.5, 0.5], df.Columns["recipe.mask.parameters.ratio"].Cast<double?>().Select(v => v!.Value));
        Assert.Equal([70.0, 70, 68, 68, 65, 65], df.Columns["paperValue"].Cast<double?>().Select(v => v!.Value));
        var expected = results.Rows.SelectMany(r => r.Seeds.Select(s => s.Value)).ToArray();
        Assert.Equal(expected, df.Columns["value"].Cast<double?>().Select(v => v!.Value).ToArray()); // exact, not rounded
        Assert.Contains(expected, v => v.ToString("R", CultureInfo.InvariantCulture).Length > 10);
        // Group-by works on the typed columns: the mean over seeds is the row's mean.
        var means = df.GroupBy("setting").Mean("value");
        Assert.Equal(results.Row("70%").Stats.Mean, (double)means.Columns["value"][1]!, 12);
    }

    [Fact]
    public async Task AResultsFileRoundTripsThroughADataFrameWithExactValues()
    {
        using var dir = new TempDir();
        var results = await Run(dir.Path);
        var (json, _) = results.WriteOutputs(Path.Combine(dir.Path, "out"));
        var fromFile = ResultsFrame.LoadResults(Path.GetDirectoryName(json)!);
        SameFrame(results.ToDataFrame(), fromFile);

        // And through CSV, reading each column back as the type it was written with.
        var csv = Path.Combine(dir.Path, "results.csv");
        DataFrame.SaveCsv(fromFile, csv, cultureInfo: CultureInfo.InvariantCulture);
        var back = DataFrame.LoadCsv(csv, dataTypes: fromFile.Columns.Select(c => c.DataType).ToArray(), cultureInfo: CultureInfo.InvariantCulture);
        Assert.Equal(fromFile.Columns["value"].Cast<double?>(), back.Columns["value"].Cast<double?>());
        Assert.Equal(fromFile.Columns["wallSeconds"].Cast<double?>(), back.Columns["wallSeconds"].Cast<double?>());
        Assert.Equal(fromFile.Columns["key"].Cast<string>(), back.Columns["key"].Cast<string>());
    }

    [Fact]
    public void MetricsLogsBecomeOneRowPerStep()
    {
        using var dir = new TempDir();
        var files = new RunFiles(dir.Path);
        var parts = new Dictionary<string, double> { ["pixel"] = 0.25 };
        files.Log(new TrainProgress("pretrain", 10, 20, 1.0 / 3, 1e-4, 2.5, 20, 4, 4, parts));
        files.Log(new TrainProgress("pretrain", 20, 20, 2.0, 0, 2.5, 20, 8, 0, new Dictionary<string, double> { ["pixel"] = double.NaN }));
        var df = ResultsFrame.LoadMetrics(dir.Path);
        Assert.Equal(["phase", "step", "total_steps", "loss", "lr", "steps_per_s", "clips_per_s", "elapsed_s", "eta_s", "pixel"], df.Columns.Select(c => c.Name));
        Assert.IsType<Int64DataFrameColumn>(df.Columns["step"]);
        Assert.IsType<DoubleDataFrameColumn>(df.Columns["loss"]); // whole in the second row, still a loss
        Assert.Equal([1.0 / 3, 2.0], df.Columns["loss"].Cast<double?>().Select(v => v!.Value));
        Assert.Equal([0.25, null], df.Columns["pixel"].Cast<double?>()); // NaN is logged as null
        Assert.Throws<FileNotFoundException>(() => ResultsFrame.LoadMetrics(Path.Combine(dir.Path, "nowhere")));
    }

    [Fact]
    public void BenchmarkRecordsBecomeOneRowEach()
    {
        var a = new EngineBenchResult("cpu", 2, "1.13.1", 150.5, 12.25, 1.5, 122.4, 0.81, 9.5, 1_000_000, 1_000_100, 2000);
        var df = ResultsFrame.FromRecords([a, a with { Threads = 1, StepMs = 20.125 }]);
        Assert.Equal([12.25, 20.125], df.Columns["stepMs"].Cast<double?>().Select(v => v!.Value));
        Assert.Equal([2L, 1], df.Columns["threads"].Cast<long?>().Select(v => v!.Value));

        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "bench.json");
        File.WriteAllText(path, """[{"preset": "cpu-tiny", "model": {"dim": 96, "depth": 2}, "stepMs": 10.5}, {"preset": "vit-s", "model": {"dim": 384, "depth": 12}, "stepMs": 900}]""");
        var bench = ResultsFrame.LoadBench(path);
        Assert.Equal(["preset", "model.dim", "model.depth", "stepMs"], bench.Columns.Select(c => c.Name));
        Assert.IsType<DoubleDataFrameColumn>(bench.Columns["stepMs"]);
        Assert.Equal([96L, 384], bench.Columns["model.dim"].Cast<long?>().Select(v => v!.Value));
    }
}
