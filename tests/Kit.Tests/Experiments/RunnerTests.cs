using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class RunnerTests
{
    [Fact]
    public async Task AggregatesMeanSpreadAndRangeOverSeeds()
    {
        using var dir = new TempDir();
        var executor = TinyTable.Executor();
        var results = await Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(3, dir.Path, executor));
        Assert.Equal(9, executor.Calls);
        var row = results.Row("90%");
        Assert.Equal([140, 140.1, 140.2], row.Seeds.Select(s => Math.Round(s.Value, 6)));
        TestUtil.Close(140.1, row.Stats.Mean, 1e-9);
        TestUtil.Close(0.1, row.Stats.Std, 1e-9);
        Assert.Equal((140, 140.2), (row.Stats.Min, Math.Round(row.Stats.Max, 6)));
        Assert.Equal(70, row.PaperValue);
        Assert.All(row.Seeds, s => Assert.False(s.Reused));
        Assert.All(row.Seeds, s => Assert.Equal(("smoke", "fake", 0.035), (s.Stored.Scale.Name, s.Stored.Hardware.Device, Math.Round(s.Stored.Measurement.Timings.TotalSeconds, 6))));
        Assert.All(row.Seeds, s => Assert.StartsWith("0.1.0", s.Stored.KitVersion));
        Assert.Equal(9, Directory.GetFiles(Path.Combine(dir.Path, "results", "tiny"), "*.json").Length);
    }

    [Fact]
    public async Task ARerunReusesStoredResultsAndOnlyRunsWhatIsNew()
    {
        using var dir = new TempDir();
        var table = TinyTable.Create();
        var first = await Runner.RunAsync(table, Scale.Smoke, new RunOptions(2, dir.Path, TinyTable.Executor()));
        var again = TinyTable.Executor();
        var second = await Runner.RunAsync(table, Scale.Smoke, new RunOptions(2, dir.Path, again));
        Assert.Equal(0, again.Calls);
        Assert.All(second.Rows.SelectMany(r => r.Seeds), s => Assert.True(s.Reused));
        Assert.Equal(first.Rows.Select(r => r.Stats.Mean), second.Rows.Select(r => r.Stats.Mean));
        var more = TinyTable.Executor();
        await Runner.RunAsync(table, Scale.Smoke, new RunOptions(3, dir.Path, more));
        Assert.Equal([2, 2, 2], more.Log.Select(l => l.Seed));
        var otherScale = TinyTable.Executor();
        await Runner.RunAsync(table, Scale.Quick, new RunOptions(1, dir.Path, otherScale));
        Assert.Equal(3, otherScale.Calls);
    }

    [Fact]
    public async Task CancellationKeepsFinishedRowsAndTheNextRunResumes()
    {
        using var dir = new TempDir();
        var table = TinyTable.Create();
        using var cts = new CancellationTokenSource();
        var finished = 0;
        var progress = new Recorder(p => { if (p.Event == RunEvent.Finished && ++finished == 2) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Runner.RunAsync(table, Scale.Smoke, new RunOptions(2, dir.Path, TinyTable.Executor()), progress, cts.Token));
        var resume = TinyTable.Executor();
        var results = await Runner.RunAsync(table, Scale.Smoke, new RunOptions(2, dir.Path, resume));
        Assert.Equal(4, resume.Calls);
        Assert.Equal(2, results.Rows.SelectMany(r => r.Seeds).Count(s => s.Reused));
    }

    [Fact]
    public async Task CancellingInsideARowStoresNothingForIt()
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        var executor = TinyTable.Executor();
        executor.During = (r, seed) => { if (r.Mask.Double("ratio") == 0.5) cts.Cancel(); };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(1, dir.Path, executor), null, cts.Token));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir.Path, "results", "tiny"), "*.json").Length);
    }

    [Fact]
    public async Task WithoutATokenTheRunningNotebookCellsInterruptStopsTheRun()
    {
        using var dir = new TempDir();
        using var cell = new CancellationTokenSource();
        var executor = TinyTable.Executor();
        executor.During = (r, seed) => { if (r.Mask.Double("ratio") == 0.5) cell.Cancel(); };
        Kit.Display.Cell.Begin(new Kit.Display.CellContext("Cell[1]", cell.Token));
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(1, dir.Path, executor)));
        }
        finally
        {
            Kit.Display.Cell.End();
        }
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir.Path, "results", "tiny"), "*.json").Length);
    }

    [Fact]
    public async Task ACorruptStoredResultIsRunAgainAndNamedInTheResults()
    {
        using var dir = new TempDir();
        var table = TinyTable.Create();
        await Runner.RunAsync(table, Scale.Smoke, new RunOptions(1, dir.Path, TinyTable.Executor()));
        var file = Directory.GetFiles(Path.Combine(dir.Path, "results", "tiny"), "*-seed0.json")[1];
        File.WriteAllText(file, "{\"table\": \"tiny\", \"row\":");
        var events = new List<RunProgress>();
        var rerun = TinyTable.Executor();
        var results = await Runner.RunAsync(table, Scale.Smoke, new RunOptions(1, dir.Path, rerun), new Recorder(events.Add));
        Assert.Equal(1, rerun.Calls);
        var problem = Assert.Single(results.Problems);
        Assert.Contains(Path.GetFileName(file), problem);
        Assert.Contains(events, e => e.Event == RunEvent.Corrupt && e.Message == problem);
        Assert.Contains(Path.GetFileName(file), results.Summary());
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task ProgressReportsEveryRowSeedAndStep()
    {
        using var dir = new TempDir();
        var events = new List<RunProgress>();
        await Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(2, dir.Path, TinyTable.Executor()), new Recorder(events.Add));
        Assert.Equal(6, events.Count(e => e.Event == RunEvent.Started));
        Assert.Equal([1, 2, 3, 4, 5, 6], events.Where(e => e.Event == RunEvent.Finished).Select(e => e.Done));
        Assert.All(events, e => Assert.Equal(6, e.Total));
        var steps = events.Where(e => e.Event == RunEvent.Step).ToList();
        Assert.Equal(6 * Scale.Smoke.Resolve(Recipes.VideoMae).Pretrain.Steps!.Value, steps.Count);
        Assert.All(steps, s => Assert.Equal("pretrain", s.Step!.Phase));
        // Seeds in the outer loop: the whole table at seed 0 comes first.
        Assert.Equal([0, 0, 0, 1, 1, 1], events.Where(e => e.Event == RunEvent.Finished).Select(e => e.Seed));
    }

    [Fact]
    public async Task AnExecutorFailureNamesTheRowAndSeed()
    {
        using var dir = new TempDir();
        var executor = TinyTable.Executor();
        executor.Failure = new InvalidDataException("out of memory in decoder");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(1, dir.Path, executor)));
        Assert.Contains("row '90%', seed 0", e.Message);
        Assert.Contains("out of memory in decoder", e.Message);
    }

    [Fact]
    public async Task RowsThatResolveToTheSameRecipeShareOneRun()
    {
        using var dir = new TempDir();
        var executor = new FakeRowExecutor();
        var results = await Runner.RunAsync(Ablations.Get("mg-t2"), Scale.Smoke, new RunOptions(1, dir.Path, executor));
        // At smoke scale K400 and SSv2 are the same synthetic data: 8 rows, 6 distinct (method, length) runs.
        Assert.Equal(6, executor.Calls);
        Assert.Equal(results.Row("VideoMAE K400 800e").Stats.Mean, results.Row("VideoMAE SSv2 800e").Stats.Mean);
    }

    /// <summary>Synchronous IProgress (Progress&lt;T&gt; would post to the thread pool and reorder).</summary>
    public sealed class Recorder(Action<RunProgress> onReport) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => onReport(value);
    }
}
