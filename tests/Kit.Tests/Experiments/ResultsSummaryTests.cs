using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ResultsSummaryTests
{
    [Fact]
    public async Task ReadsReproducedOrderingsFromTheResults()
    {
        using var dir = new TempDir();
        var results = await Runner.RunAsync(TinyTable.Create(), Scale.Quick, new RunOptions(2, dir.Path, TinyTable.Executor()));
        var text = results.Summary();
        Assert.Contains("Of the 3 orderings the paper implies, the measurements reproduce 3 (3 by a gap larger than the spread over seeds) and do not reproduce 0", text);
        Assert.Contains("90% > 50% [Test T1] (paper +5.0, measured +40.00 ± 0.071)", text);
        Assert.Contains("quick scale", text);
        Assert.DoesNotContain("Not reproduced", text);
    }

    [Fact]
    public async Task ReadsContradictedOrderingsFromTheResults()
    {
        using var dir = new TempDir();
        var results = await Runner.RunAsync(TinyTable.Create(), Scale.Quick, new RunOptions(2, dir.Path, TinyTable.Executor(sign: -1)));
        var text = results.Summary();
        Assert.Contains("reproduce 0 (0 by a gap larger than the spread over seeds) and do not reproduce 3", text);
        Assert.Contains("90% highest [Test T1] (paper +2.0, measured -40.00 ± 0.071, measured highest: 50%)", text);
    }

    [Fact]
    public async Task SaysWhenEveryRowIsNearChance()
    {
        using var dir = new TempDir();
        // The default scale trains on the 14-class synthetic dataset: chance 7.1 %, twice chance 14.3 %.
        var low = await Runner.RunAsync(TinyTable.Create(), Scale.Quick, new RunOptions(2, dir.Path, new FakeRowExecutor((r, seed) => 4 + 10 * r.Mask.Double("ratio") + seed)));
        Assert.Contains("Every row's top-1 is below twice chance (chance 7.1 %, best row mean 13.5 %)", low.Summary());

        using var dir2 = new TempDir();
        var learnt = await Runner.RunAsync(TinyTable.Create(), Scale.Quick, new RunOptions(2, dir2.Path, TinyTable.Executor()));
        Assert.DoesNotContain("twice chance", learnt.Summary());
    }

    [Fact]
    public async Task SaysWhatOneSeedCannotJudge()
    {
        using var dir = new TempDir();
        var table = TinyTable.Create() with { StatedClaims = [new PaperClaim(ClaimKind.Close, "70%", "50%", "Test text")] };
        var results = await Runner.RunAsync(table, Scale.Smoke, new RunOptions(1, dir.Path, TinyTable.Executor()));
        var text = results.Summary();
        Assert.Contains("1 cannot be judged", text);
        Assert.Contains("70% ≈ 50% [Test text] (measured +20.00, closeness needs a spread, and one seed has none)", text);
        Assert.Contains("With one seed per row there is no spread", text);
    }

    [Fact]
    public async Task ReportsMeasuredSpeedUpsBesideThePapers()
    {
        using var dir = new TempDir();
        var table = TinyTable.Create() with { ReferenceRow = "90%" };
        table = table with
        {
            Rows = [table.Rows[0], table.Rows[1] with { Paper = [new PaperFigure("P", "Test T2", 68, Speedup: 2.5)] }, table.Rows[2]],
        };
        var results = await Runner.RunAsync(table, Scale.Smoke, new RunOptions(1, dir.Path, TinyTable.Executor()));
        Assert.Matches(@"Speed-up of ""70%"" over ""90%"": paper 2\.5x, measured [0-9.]+x in wall time", results.Summary());
    }
}
