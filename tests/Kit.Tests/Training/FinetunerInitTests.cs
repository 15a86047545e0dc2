using System.Text.Json.Nodes;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Model;
using Kit.Tests.Training.Fakes;
using Kit.Training;

namespace Kit.Tests.Training;

/// <summary>`kit finetune --init RELEASE.pth`: the fine-tuner's encoder starts from a VideoMAE-family release file.</summary>
public class FinetunerInitTests
{
    private static readonly ModelConfig Tiny = new("official-tiny", Frames: 4, ImageSize: 16, Tubelet: 2, Patch: 8, Dim: 32, Depth: 2, Heads: 2,
        Decoder: new DecoderConfig(16, 1, 2));

    private static string Release(string name) => TestUtil.Data(Path.Combine("official", name));

    [Fact]
    public void InitLoadsTheReleaseEncoderAndTrains()
    {
        var c = new FinetuneConfig(new ComponentConfig("test-squares"), Model: Tiny, Init: Release("pretrain.pth"), Steps: 2, BatchSize: 4, Device: "cpu", EvalViews: new ViewSpec(1, 1));
        using var f = new Finetuner(c, r => new MovingSquareSource(r, 8), TestRuns.TempDir());
        Assert.Equal(f.Model.Encoder.state_dict().Count, f.InitReport!.Loaded.Count);
        using var release = PthFile.ReadStateDict(Release("pretrain.pth"));
        foreach (var (k, v) in f.Model.Encoder.state_dict())
            Assert.True(v.allclose(release.Tensors["encoder." + k]), $"encoder entry {k} was not loaded from the release file");
        var (train, _) = f.Run();
        Assert.Equal(2, train.Step);
    }

    [Fact]
    public void InitWithoutAMatchingModelSaysWhatTheFileHolds()
    {
        var c = new FinetuneConfig(new ComponentConfig("test-squares"), Init: Release("finetune.pth"), Device: "cpu");
        var e = Assert.Throws<ArgumentException>(() => new Finetuner(c, r => new MovingSquareSource(r, 8), TestRuns.TempDir()));
        Assert.Contains("width 32, depth 2", e.Message);
        Assert.Throws<ArgumentException>(() => (c with { From = "x.pt" }).Validate());
    }

    [Fact]
    public void FinetuneCommandTakesInit()
    {
        FakeRegistrations.Ensure();
        var ft = Path.Combine(TestRuns.TempDir(), "ft");
        var model = "{\"name\":\"official-tiny\",\"frames\":4,\"imageSize\":16,\"tubelet\":2,\"patch\":8,\"dim\":32,\"depth\":2,\"heads\":2}";
        Assert.Equal(0, new FinetuneCommand().Run(new Args(["--init", Release("pretrain.pth"), "--out", ft, "--set", $"model={model}",
            "--set", "data.name=test-squares", "--set", "steps=2", "--set", "device=cpu", "--set", "evalViews={\"clips\":1,\"crops\":1}"])));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(ft, "summary.json")))!;
        Assert.EndsWith("pretrain.pth", summary["config"]!["init"]!.GetValue<string>());
        Assert.Equal(32, summary["config"]!["resolvedModel"]!["dim"]!.GetValue<int>());
    }
}
