using System.Text.Json.Nodes;
using Kit.Tests.Training.Fakes;
using Kit.Training;

namespace Kit.Tests.Training;

public class FinetunerTests
{
    private static Func<ClipSourceRequest, IClipSource> Squares => r => new MovingSquareSource(r, 32);

    private static string Pretrained()
    {
        var dir = TestRuns.TempDir();
        using var t = TestRuns.NewPretrainer(TestRuns.Pretrain(steps: 10), dir);
        t.Run();
        return Path.Combine(dir, "checkpoint.pt");
    }

    [Fact]
    public void FinetuneLearnsDirectionAndWritesSummary()
    {
        var dir = TestRuns.TempDir();
        var c = new FinetuneConfig(new ComponentConfig("test-squares"), From: Pretrained(), Steps: 300, BatchSize: 8, Device: "cpu",
            Mixup: new MixupConfig(0, 0, 0), LabelSmoothing: 0.1, EvalViews: new ViewSpec(1, 2), Optim: FinetuneConfig.FinetuneOptim with { BaseLr = 0.03 });
        using var f = new Finetuner(c, Squares, dir);
        var (train, eval) = f.Run();
        Assert.Equal(300, train.Step);
        Assert.True(eval.Top1 > 0.5, $"top-1 {eval.Top1} on 4 direction classes should beat chance (0.25) clearly");
        Assert.Equal(1.0, eval.Top5);
        Assert.Equal(32, eval.Confusion.Sum(r => r.Sum()));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal(eval.Top1, summary["top1"]!.GetValue<double>());
        Assert.Equal("cpu-tiny", summary["config"]!["resolvedModel"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void FinetuneLoadsThePretrainedEncoder()
    {
        var from = Pretrained();
        var c = new FinetuneConfig(new ComponentConfig("test-squares"), From: from, Steps: 1, Device: "cpu");
        using var f = new Finetuner(c, Squares, TestRuns.TempDir());
        using var ck = Checkpoint.Load(from);
        var saved = ck.Section("model.encoder.");
        foreach (var (k, v) in f.Model.Encoder.state_dict())
            Assert.True(v.allclose(saved[k]), $"encoder entry {k} was not loaded from the checkpoint");
    }

    [Fact]
    public void ProbeTrainsOnlyTheHead()
    {
        var from = Pretrained();
        var c = FinetuneConfig.ProbeDefault with { Data = new ComponentConfig("test-squares"), From = from, Steps = 5, Device = "cpu" };
        using var f = new Finetuner(c, Squares, TestRuns.TempDir());
        var before = f.Model.Encoder.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        f.Run();
        foreach (var (k, v) in f.Model.Encoder.state_dict())
            Assert.True(v.allclose(before[k]), $"probe changed frozen encoder entry {k}");
        Assert.All(f.Optimizer.param_groups.SelectMany(g => g.Parameters), p => Assert.DoesNotContain(p, f.Model.Encoder.parameters()));
        foreach (var t in before.Values) t.Dispose();
    }
}
