using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ScaleTests
{
    [Fact]
    public void ResolveAppliesSizesAndKeepsEpochRatiosAsSteps()
    {
        var r400 = Recipes.MotionMae;
        var r800 = r400 with { Pretrain = r400.Pretrain with { Epochs = 800 } };
        var a = Scale.Default.Resolve(r400);
        var b = Scale.Default.Resolve(r800, reference: r400);
        Assert.Equal((8, 64, "synthetic-motion"), (a.Data.Frames, a.Data.Size, a.Data.Dataset));
        Assert.Equal(("cpu-small", 16), (a.Model.Preset, a.Model.PatchSize));
        Assert.Equal((150, 250), (a.Pretrain.Steps, a.Finetune.Steps));
        Assert.Equal(2 * a.Pretrain.Steps, b.Pretrain.Steps);
        Assert.Equal(8, a.Pretrain.BatchSize);
        Assert.Equal(r400.Target, a.Target); // the row's own settings survive
        Assert.Equal(r400.Data.Stride, a.Data.Stride);
    }

    [Fact]
    public void LessDataMeansFewerStepsAsInThePaper()
    {
        var a10 = Ablations.Get("mme-a10");
        var full = Scale.Default.Resolve(a10.Row("100% data, 100% patches").Recipe, a10.Base);
        var quarter = Scale.Default.Resolve(a10.Row("25% data, 50% patches").Recipe, a10.Base);
        Assert.Equal(150, quarter.Pretrain.Steps); // the base recipe
        Assert.Equal(600, full.Pretrain.Steps);
        Assert.Equal(full.Finetune.Steps, quarter.Finetune.Steps);
        Assert.Throws<ArgumentException>(() => (Scale.Smoke with { PretrainSteps = 0 }).Validate());
    }

    [Fact]
    public void SmokeRowsAreTinyAndPaperKeepsThePapersSetting()
    {
        var smoke = Scale.Smoke.Resolve(Recipes.MmeAblation);
        Assert.InRange(smoke.Pretrain.Steps!.Value, 1, 10);
        Assert.InRange(smoke.Finetune.Steps!.Value, 1, 10);
        var paper = (Scale.Paper with { Manifest = "/data/ssv2.json" }).Resolve(Recipes.MmeAblation);
        Assert.Equal(("ssv2", 16, 224, "vit-b"), (paper.Data.Dataset, paper.Data.Frames, paper.Data.Size, paper.Model.Preset));
        Assert.Null(paper.Pretrain.Steps);
        Assert.Equal("/data/ssv2.json", paper.Data.Manifest);
        Assert.Equal((1, 2, 1), (Scale.Smoke.DefaultSeeds, Scale.Default.DefaultSeeds, Scale.Paper.DefaultSeeds));
    }

    [Fact]
    public void PaperScaleNeedsAManifestAndUnknownNamesAreListed()
    {
        Assert.Contains("manifest", Assert.Throws<ArgumentException>(() => Scale.Paper.Validate()).Message);
        (Scale.Paper with { Manifest = "m.json" }).Validate();
        Scale.Smoke.Validate();
        var e = Assert.Throws<ArgumentException>(() => Scale.Get("huge"));
        Assert.Contains("smoke, default, paper", e.Message);
        Assert.Same(Scale.Default, Scale.Get("default"));
    }
}
