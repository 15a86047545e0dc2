using System.Text.Json.Nodes;
using Kit.Targets;
using Kit.Tests.Training.Fakes;
using Kit.Torch;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training;

public class PretrainerTests
{
    /// <summary>Targets the loss-decrease test runs with. The real pixel, HOG and trajectory targets join as extra rows.</summary>
    public static TheoryData<string> Targets => new() { "test-pixel" };

    private static ITarget MakeTarget(string name, Kit.Data.TokenGrid grid) => name switch
    {
        "test-pixel" => new CubePixelTarget(grid, normalize: false),
        _ => Registries.Targets.Create(new ComponentConfig(name), grid, "target"),
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void LossDecreasesOnMovingSquares(string target)
    {
        var c = TestRuns.Pretrain(steps: 200) with { LogEvery = 1 };
        using var t = TestRuns.NewPretrainer(c, TestRuns.TempDir(), MakeTarget(target, c.Model.Grid));
        var r = t.Run();
        var first = r.Log.Take(5).Average(p => p.Loss);
        var last = r.Log.TakeLast(20).Average(p => p.Loss);
        Assert.True(last < 0.5 * first, $"{target}: loss went from {first:F4} to {last:F4}, expected a drop of at least half");
    }

    [Fact]
    public void WritesMetricsSummaryAndCheckpoint()
    {
        var dir = TestRuns.TempDir();
        var c = TestRuns.Pretrain(steps: 20);
        using (var t = TestRuns.NewPretrainer(c, dir)) t.Run();
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.Equal(20, JsonNode.Parse(lines[1])!["step"]!.GetValue<int>());
        Assert.NotNull(JsonNode.Parse(lines[1])!["loss_pixel"]);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("cpu-tiny", summary["config"]!["model"]!["name"]!.GetValue<string>());
        Assert.True(summary["decoder_gflops_per_clip"]!.GetValue<double>() > 0);
        using var ck = Checkpoint.Load(Path.Combine(dir, "checkpoint.pt"));
        Assert.Equal(20, ck.Step);
        Assert.Equal("pretrain", ck.Kind);
    }

    [Fact]
    public void ResumedRunMatchesUninterruptedRun()
    {
        const int steps = 12, stopAt = 5;
        var c = TestRuns.Pretrain(steps) with { LogEvery = 1, Optim = TestRuns.Pretrain(steps).Optim! with { Accumulation = 2, ClipGrad = 1.0 } };
        var full = TestRuns.TempDir();
        using (var t = TestRuns.NewPretrainer(c, full)) t.Run();

        var split = TestRuns.TempDir();
        using (var cts = new CancellationTokenSource())
        using (var t = TestRuns.NewPretrainer(c, split))
        {
            var r = t.Run(cancel: cts.Token, progress: new SyncProgress(p => { if (p.Step == stopAt) cts.Cancel(); }));
            Assert.True(r.Cancelled);
            Assert.Equal(stopAt, r.Step);
        }
        using (var ck = Checkpoint.Load(Path.Combine(split, "checkpoint.pt"))) Assert.Equal(stopAt, ck.Step);
        // A fresh process-like start: different global RNG state before the trainer restores it.
        manual_seed(12345);
        using (var t = TestRuns.NewPretrainer(c, split))
        {
            var r = t.Run(resume: true);
            Assert.Equal(steps, r.Step);
        }
        using var a = Checkpoint.Load(Path.Combine(full, "checkpoint.pt"));
        using var b = Checkpoint.Load(Path.Combine(split, "checkpoint.pt"));
        var ma = a.Section("model.");
        var mb = b.Section("model.");
        Assert.Equal(ma.Keys, mb.Keys);
        foreach (var k in ma.Keys)
            Assert.True(ma[k].allclose(mb[k], rtol: 1e-6, atol: 1e-7), $"parameter {k} differs after resume");
        var la = File.ReadAllLines(Path.Combine(full, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["loss"]!.GetValue<double>()).ToArray();
        var lb = File.ReadAllLines(Path.Combine(split, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["loss"]!.GetValue<double>()).ToArray();
        TestUtil.Close(la, lb, 1e-6);
    }

    [Fact]
    public void SameSeedGivesSameNumbers()
    {
        var c = TestRuns.Pretrain(steps: 6) with { LogEvery = 1 };
        double[] Losses()
        {
            using var t = TestRuns.NewPretrainer(c, TestRuns.TempDir());
            return t.Run().Log.Select(p => p.Loss).ToArray();
        }
        Assert.Equal(Losses(), Losses());
    }

    [Fact]
    public void NanLossStopsWithClearMessageAndKeepsLastGoodCheckpoint()
    {
        var dir = TestRuns.TempDir();
        var c = TestRuns.Pretrain(steps: 20) with { CheckpointEvery = 4 };
        using var t = TestRuns.NewPretrainer(c, dir, new CubePixelTarget(c.Model.Grid, nanAtCall: 9));
        var e = Assert.Throws<NonFiniteLossException>(() => t.Run());
        Assert.Equal(9, e.Step);
        Assert.Contains("step 10", e.Message);
        Assert.Contains("checkpoint.pt", e.Message);
        using var ck = Checkpoint.Load(Path.Combine(dir, "checkpoint.pt"));
        Assert.Equal(8, ck.Step);
        foreach (var (k, v) in ck.Section("model."))
            Assert.True(v.isfinite().all().item<bool>(), $"checkpointed {k} is not finite");
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts asynchronously).</summary>
    private sealed class SyncProgress(Action<TrainProgress> a) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => a(value);
    }
}
