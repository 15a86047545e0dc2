using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ScaleTests
{
    [Fact]
    public void ResolveAppliesSizesAndKeepsEpochRatiosAsSteps()
    {
        var r400 = Recipes.MotionMae;
        var r800 = r400 with { Pretrain = r400.Pretrain with { Epochs = 800 } };
        var a = Scale.Cpu.Resolve(r400);
        var b = Scale.Cpu.Resolve(r800, reference: r400);
        Assert.Equal((Scale.Cpu.Frames, Scale.Cpu.Size, "synthetic-stream"), (a.Data.Frames, a.Data.Size, a.Data.Dataset));
        Assert.Equal(("cpu-small", Scale.Cpu.PatchSize, Scale.Cpu.Tubelet), (a.Model.Preset, a.Model.PatchSize, a.Model.TubeletSize));
        Assert.Equal((Scale.Cpu.PretrainSteps, Scale.Cpu.FinetuneSteps), (a.Pretrain.Steps, a.Finetune.Steps));
        Assert.Equal(2 * a.Pretrain.Steps, b.Pretrain.Steps);
        Assert.Equal(Scale.Cpu.BatchSize, a.Pretrain.BatchSize);
        Assert.Equal(r400.Target, a.Target); // the row's own settings survive
        Assert.Equal(r400.Data.Stride, a.Data.Stride);
    }

    [Fact]
    public void LessDataMeansFewerStepsAsInThePaper()
    {
        var a10 = Ablations.Get("mme-a10");
        var full = Scale.Quick.Resolve(a10.Row("100% data, 100% patches").Recipe, a10.Base);
        var quarter = Scale.Quick.Resolve(a10.Row("25% data, 50% patches").Recipe, a10.Base);
        Assert.Equal(Scale.Quick.PretrainSteps, quarter.Pretrain.Steps); // the base recipe
        Assert.Equal(4 * Scale.Quick.PretrainSteps, full.Pretrain.Steps);
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
        Assert.Equal((1, 1, 1, 3, 1), (Scale.Smoke.DefaultSeeds, Scale.Quick.DefaultSeeds, Scale.Cpu.DefaultSeeds, Scale.Gpu.DefaultSeeds, Scale.Paper.DefaultSeeds));
    }

    [Fact]
    public void PaperScaleNeedsAManifestAndUnknownNamesAreListed()
    {
        Assert.Contains("manifest", Assert.Throws<ArgumentException>(() => Scale.Paper.Validate()).Message);
        (Scale.Paper with { Manifest = "m.json" }).Validate();
        Scale.Smoke.Validate();
        var e = Assert.Throws<ArgumentException>(() => Scale.Get("huge"));
        Assert.Contains("smoke, quick, cpu, gpu, paper", e.Message);
        Assert.Same(Scale.Cpu, Scale.Get("cpu"));
    }

    [Fact]
    public void RowsWithoutPretrainingGetNoPretrainingStepsAndStreamSupervisionGetsTheWholeBudget()
    {
        var sanity = Ablations.Get("sanity");
        var stream = Scale.Cpu.Resolve(sanity.Row("scratch, stream").Recipe, sanity.Base);
        var labelled = Scale.Cpu.Resolve(sanity.Row("scratch, labelled set").Recipe, sanity.Base);
        var pixel = Scale.Cpu.Resolve(sanity.Row("pixel, fine-tune").Recipe, sanity.Base);
        Assert.Equal((0, Scale.Cpu.PretrainSteps + Scale.Cpu.FinetuneSteps), (stream.Pretrain.Steps, stream.Finetune.Steps));
        Assert.Equal((0, Scale.Cpu.FinetuneSteps), (labelled.Pretrain.Steps, labelled.Finetune.Steps));
        Assert.Equal((Scale.Cpu.PretrainSteps, Scale.Cpu.FinetuneSteps), (pixel.Pretrain.Steps, pixel.Finetune.Steps));
    }

    [Fact]
    public void TheSyntheticProtocolTakesTheScalesSceneSettings()
    {
        var table = Ablations.Get("sanity");
        var recipe = table.Row("pixel, probe").Recipe;
        foreach (var scale in new[] { Scale.Quick, Scale.Cpu, Scale.Gpu, Scale.Cpu with { ObjectScale = 1.5, MaxDistractors = 1 } })
        {
            var scene = Kit.Pipeline.ScaleData.ProtocolFor(scale.Resolve(recipe, table.Base), scale).Stream.Scene;
            Assert.Equal((scale.ObjectScale, scale.MaxDistractors, scale.CameraMotionChance, scale.ExitChance, scale.Size),
                (scene.ObjectScale, scene.MaxDistractors, scene.CameraMotionChance, scene.ExitChance, scene.Size));
        }
        // the cpu scale's objects cover as many of its 8 x 8 patches at 32 px as the default objects do at 64 px (gpu)
        Assert.Equal(Scale.Gpu.ObjectScale * Scale.Gpu.Size / Scale.Gpu.PatchSize, Scale.Cpu.ObjectScale * Scale.Cpu.Size / Scale.Cpu.PatchSize, 12);
    }
}
