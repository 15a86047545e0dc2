using System.Text.Json.Nodes;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Tests.Training.Fakes;
using Kit.Training;

namespace Kit.Tests.Training;

/// <summary>The pretrain, finetune, probe and eval commands end to end, with the test components registered by name.</summary>
public class TrainCommandsTests
{

    private static string[] TinyPretrain(string outDir, int steps) =>
    [
        "--out", outDir, "--threads", "2",
        "--set", "model.frames=8", "--set", "model.imageSize=32", "--set", "model.dim=96", "--set", "model.depth=2", "--set", "model.name=cpu-tiny",
        "--set", "model.decoder.dim=64", "--set", "model.decoder.heads=2",
        "--set", "data.name=test-squares", "--set", "target.name=test-pixel", "--set", "mask.name=test-random", "--set", "mask.params.ratio=0.75",
        "--set", $"steps={steps}", "--set", "device=cpu", "--set", "logEvery=2",
    ];

    [Fact]
    public void PretrainFinetuneProbeEvalChain()
    {
        FakeRegistrations.Ensure();
        var root = TestRuns.TempDir();
        var pre = Path.Combine(root, "pre");
        Assert.Equal(0, new PretrainCommand().Run(new Args(TinyPretrain(pre, 4))));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(pre, "metrics.jsonl")).Length);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(pre, "summary.json")))!;
        Assert.Equal("test-squares", summary["config"]!["data"]!["name"]!.GetValue<string>());
        Assert.Equal(0.75, summary["config"]!["mask"]!["params"]!["ratio"]!.GetValue<double>());

        var ft = Path.Combine(root, "ft");
        Assert.Equal(0, new FinetuneCommand().Run(new Args(["--from", pre, "--out", ft, "--set", "data.name=test-squares", "--set", "steps=3", "--set", "device=cpu", "--set", "evalViews={\"clips\":2,\"crops\":1}"])));
        var fs = JsonNode.Parse(File.ReadAllText(Path.Combine(ft, "summary.json")))!;
        Assert.Equal(2, fs["eval_views"]!.GetValue<int>());
        Assert.InRange(fs["top1"]!.GetValue<double>(), 0, 1);

        var probe = Path.Combine(root, "probe");
        Assert.Equal(0, new ProbeCommand().Run(new Args(["--from", Path.Combine(pre, "checkpoint.pt"), "--out", probe, "--set", "data.name=test-squares", "--set", "steps=3", "--set", "device=cpu"])));
        Assert.Equal("probe", JsonNode.Parse(File.ReadAllText(Path.Combine(probe, "summary.json")))!["phase"]!.GetValue<string>());

        var ev = Path.Combine(root, "eval");
        Assert.Equal(0, new EvalCommand().Run(new Args(["--from", ft, "--out", ev, "--clips", "2"])));
        var es = JsonNode.Parse(File.ReadAllText(Path.Combine(ev, "summary.json")))!;
        // Same weights, same data, same views: eval reproduces the fine-tuning run's own evaluation.
        Assert.Equal(fs["top1"]!.GetValue<double>(), es["top1"]!.GetValue<double>());
        Assert.Equal(4, es["confusion"]!.AsArray().Count);
    }

    [Fact]
    public void SetReachesIntoASectionLeftAtItsDefault()
    {
        // optim is null in the default config (the trainer's defaults apply); --set optim.x fills it in.
        var c = ConfigJson.Load(null, ["optim.baseLr=0.5", "optim.beta2=0.99"], Kit.Training.PretrainConfig.Default);
        Assert.Equal(0.5, c.OptimOrDefault.BaseLr);
        Assert.Equal(0.99, c.OptimOrDefault.Beta2);
        Assert.Equal(new Kit.Training.OptimizerConfig().WeightDecay, c.OptimOrDefault.WeightDecay);
        var typo = Assert.ThrowsAny<Exception>(() => ConfigJson.Load(null, ["optim.baseLR2=1"], Kit.Training.PretrainConfig.Default));
        Assert.Contains("baseLR2", typo.Message);
    }

    [Fact]
    public void ConfigErrorsNameTheKey()
    {
        FakeRegistrations.Ensure();
        var dir = TestRuns.TempDir();
        var unknown = Assert.Throws<ArgumentException>(() => new PretrainCommand().Run(new Args([.. TinyPretrain(dir, 1), "--set", "optim.baseLR2=1"])));
        Assert.Contains("baseLR2", unknown.Message);
        var badValue = Assert.Throws<ArgumentException>(() => new PretrainCommand().Run(new Args([.. TinyPretrain(dir, 1), "--set", "optim.accumulation=0"])));
        Assert.Contains("optim.accumulation", badValue.Message);
        var badName = Assert.Throws<ArgumentException>(() => new PretrainCommand().Run(new Args([.. TinyPretrain(dir, 1), "--set", "target.name=nope"])));
        Assert.Contains("target.name", badName.Message);
        Assert.Contains("test-pixel", badName.Message);
        var file = Path.Combine(dir, "bad.json");
        File.WriteAllText(file, "{\"model\": {\"depthh\": 3}}");
        var inFile = Assert.Throws<ArgumentException>(() => new PretrainCommand().Run(new Args(["--config", file, "--out", dir])));
        Assert.Contains("depthh", inFile.Message);
    }
}
