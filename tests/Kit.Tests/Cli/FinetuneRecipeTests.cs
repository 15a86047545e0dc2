using System.Text.Json.Nodes;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Experiments;
using Kit.Pipeline;
using Kit.Tests.Training.Fakes;
using Kit.Training;

namespace Kit.Tests.Cli;

/// <summary>`kit finetune --init RELEASE.pth --recipe NAME`: the paper scale's fine-tuning recipe, as the ablation
/// runner maps it, with explicit options still winning.</summary>
public class FinetuneRecipeTests
{
    private static (FinetuneConfig Config, PaperFinetune? Recipe) Resolve(params string[] argv) =>
        FinetuneRunner.Resolve(new Args(argv), FinetuneConfig.Default, recipes: true);

    [Fact]
    public void InitWithRecipeMmeResolvesToThePaperRecipe()
    {
        var (config, recipe) = Resolve("--init", "official.pth", "--recipe", "mme", "--out", "runs/ft");
        var paper = Scale.Paper.Resolve(Recipes.MmeAblation);
        Assert.Equal("mme", recipe!.Name);
        Assert.Equal(paper, recipe.Recipe);
        Assert.Equal(Path.GetFullPath("official.pth"), config.Init);
        // The recipe's own values (Recipes.cs) ...
        Assert.Equal(Recipes.MmeAblation.Finetune.Epochs, config.Epochs);
        Assert.Equal(Recipes.MmeAblation.Finetune.BaseLearningRate, config.OptimOrDefault.BaseLr);
        Assert.Equal(Recipes.MmeAblation.Data.Stride, config.Data.Params!["stride"]!.GetValue<int>());
        // ... and the settings the ablation runner trains a paper-scale recipe with.
        Assert.Equal(FinetuneConfig.FinetuneOptim with { BaseLr = Recipes.MmeAblation.Finetune.BaseLearningRate }, config.OptimOrDefault);
        Assert.Equal(TrainerRowExecutor.ViewsFor(Scale.Paper), config.EvalViewsOrDefault);
        Assert.Equal(new ViewSpec(2, 3), config.EvalViewsOrDefault);
        Assert.Equal(new MixupConfig(), config.MixupOrDefault);
        Assert.Equal(0.75, config.OptimOrDefault.LayerDecay);
        Assert.Equal(0.1, config.DropPath);
        Assert.Equal(0.1, config.LabelSmoothing);
        var runner = TrainerRowExecutor.FinetuneFor(paper, Scale.Paper, probe: false);
        Assert.Equal(runner with { Data = config.Data, Init = config.Init }, config);
        // Without --recipe the same command line keeps the CLI's defaults.
        var (plain, none) = Resolve("--init", "official.pth", "--out", "runs/ft");
        Assert.Null(none);
        Assert.Null(plain.Epochs);
        Assert.Equal(new ViewSpec(1, 1), plain.EvalViewsOrDefault);
    }

    [Fact]
    public void EachRecipeTakesItsEpochsAndStride()
    {
        foreach (var name in PaperFinetune.Names)
        {
            var (config, _) = Resolve("--init", "official.pth", "--recipe", name, "--out", "runs/ft");
            Assert.Equal(Recipes.Get(name).Finetune.Epochs, config.Epochs);
            Assert.Equal(Recipes.Get(name).Data.Stride, config.Data.Params!["stride"]!.GetValue<int>());
        }
        Assert.Equal(["mme", "videomae", "mgmae", "motionmae"], PaperFinetune.Names);
    }

    [Fact]
    public void ExplicitOptionsOverrideTheRecipe()
    {
        var (config, _) = Resolve("--init", "official.pth", "--recipe", "mme", "--out", "runs/ft",
            "--set", "optim.layerDecay=0.65", "--set", "dropPath=0.2", "--set", "batchSize=16");
        Assert.Equal(0.65, config.OptimOrDefault.LayerDecay);
        Assert.Equal(0.2, config.DropPath);
        Assert.Equal(16, config.BatchSize);
        Assert.Equal(Recipes.MmeAblation.Finetune.Epochs, config.Epochs);                   // the rest stays the recipe's
        Assert.Equal(FinetuneConfig.FinetuneOptim.WeightDecay, config.OptimOrDefault.WeightDecay);

        // Steps given explicitly replace the recipe's epochs; epochs given explicitly replace its number.
        var (steps, _) = Resolve("--init", "official.pth", "--recipe", "mme", "--out", "runs/ft", "--set", "steps=120");
        Assert.Null(steps.Epochs);
        Assert.Equal(120, steps.Steps);
        var (epochs, _) = Resolve("--init", "official.pth", "--recipe", "mme", "--out", "runs/ft", "--set", "epochs=3");
        Assert.Equal(3, epochs.Epochs);
        var file = Path.Combine(TestRuns.TempDir(), "ft.json");
        File.WriteAllText(file, "{\"steps\": 7}");
        var (fromFile, _) = Resolve("--init", "official.pth", "--recipe", "videomae", "--out", "runs/ft", "--config", file);
        Assert.Null(fromFile.Epochs);
        Assert.Equal(7, fromFile.Steps);
    }

    [Fact]
    public void AnUnknownRecipeIsAUsageErrorNamingTheChoices()
    {
        var (code, _, stderr) = HelpTests.Run(["finetune", "--init", "official.pth", "--recipe", "mmee", "--out", Path.Combine(TestRuns.TempDir(), "ft")]);
        Assert.Equal(2, code);
        Assert.Contains("--recipe: unknown recipe 'mmee': expected one of mme, videomae, mgmae, motionmae", stderr);
        // `kit probe` has no --recipe.
        var (probeCode, _, probeErr) = HelpTests.Run(["probe", "--from", "x.pt", "--recipe", "mme", "--out", Path.Combine(TestRuns.TempDir(), "probe")]);
        Assert.Equal(2, probeCode);
        Assert.Contains("--recipe", probeErr);
    }

    [Fact]
    public void NotAppliedNamesInputPatchDroppingOnlyForMme()
    {
        var model = Kit.Model.ModelPresets.Get("vit-b");
        var mme = PaperFinetune.Get("mme");
        var manifest = mme.Apply(FinetuneConfig.Default with { Data = new ComponentConfig("manifest", new JsonObject { ["dir"] = "data/ssv2" }) });
        Assert.Equal("data/ssv2", manifest.Data.Params!["dir"]!.GetValue<string>());   // the data's own params are kept
        var notes = mme.NotApplied(manifest, model);
        Assert.Single(notes);
        Assert.StartsWith("input-patch dropping: the recipe fine-tunes on 50% of the input patches", notes[0]);
        var videoMae = PaperFinetune.Get("videomae");
        Assert.Empty(videoMae.NotApplied(videoMae.Apply(manifest), model));
        var synthetic = videoMae.NotApplied(videoMae.Apply(FinetuneConfig.Default), model);
        Assert.Single(synthetic);
        Assert.StartsWith("dataset: the recipe fine-tunes on ssv2; this run reads data 'synthetic'", synthetic[0]);
        Assert.Contains(videoMae.NotApplied(manifest, Kit.Model.ModelPresets.Get("cpu-tiny")), n => n.StartsWith("clip geometry:"));
    }

    [Fact]
    public void FinetuneCommandWithRecipeTrainsTheRecipesEpochsAndSavesTheResolvedConfig()
    {
        FakeRegistrations.Ensure();
        var ft = Path.Combine(TestRuns.TempDir(), "ft");
        var model = "{\"name\":\"official-tiny\",\"frames\":4,\"imageSize\":16,\"tubelet\":2,\"patch\":8,\"dim\":32,\"depth\":2,\"heads\":2}";
        var output = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(output);
        int code;
        try
        {
            code = new FinetuneCommand().Run(new Args(["--init", TestUtil.Data(Path.Combine("official", "pretrain.pth")), "--recipe", "mme", "--out", ft,
                "--set", $"model={model}", "--set", "data.name=test-squares", "--set", "data.params.videos=8", "--set", "batchSize=4",
                "--set", "device=cpu", "--set", "optim.layerDecay=0.7"]));
        }
        finally
        {
            Console.SetOut(stdout);
        }
        Assert.Equal(0, code);
        var epochs = Recipes.MmeAblation.Finetune.Epochs;
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(ft, "summary.json")))!;
        Assert.Equal(epochs * 8 / 4, summary["step"]!.GetValue<int>());
        var saved = ConfigJson.FromNode<FinetuneConfig>(summary["config"]!.DeepClone().AsObject().Also(n => n.Remove("resolvedModel")));
        Assert.Equal(epochs, saved.Epochs);
        Assert.Equal(epochs * 8 / 4, saved.Steps);
        Assert.Equal(0.7, saved.OptimOrDefault.LayerDecay);
        Assert.Equal(FinetuneConfig.FinetuneOptim with { BaseLr = Recipes.MmeAblation.Finetune.BaseLearningRate, LayerDecay = 0.7 }, saved.Optim);
        Assert.Equal(new ViewSpec(2, 3), saved.EvalViews);
        Assert.Equal(6, summary["eval_views"]!.GetValue<int>());
        var recipe = JsonNode.Parse(File.ReadAllText(Path.Combine(ft, "recipe.json")))!;
        Assert.Equal("mme", recipe["name"]!.GetValue<string>());
        Assert.Equal(Recipes.MmeAblation.Data.InputPatchFraction, recipe["recipe"]!["data"]!["inputPatchFraction"]!.GetValue<double>());
        Assert.Equal(epochs * 8 / 4, recipe["config"]!["steps"]!.GetValue<int>());
        var notApplied = recipe["notApplied"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains(notApplied, n => n.StartsWith("input-patch dropping"));
        Assert.Contains(notApplied, n => n.StartsWith("dataset: the recipe fine-tunes on ssv2"));
        var printed = output.ToString();
        Assert.Contains($"recipe mme (paper scale, as `./kit ablation --scale paper` fine-tunes): {epochs} epochs ({epochs * 8 / 4} steps) of 4 clips", printed);
        Assert.Contains("layer decay 0.7,", printed);
        Assert.Contains("drop path 0.1, label smoothing 0.1, mixup 0.8, cutmix 1", printed);
        Assert.Contains("test 2 clips x 3 crops, data stride 3", printed);
        Assert.Contains("recipe mme: not applied: input-patch dropping", printed);
    }

    [Fact]
    public void EpochsBecomeStepsOfTheTrainingSetAndAStreamHasNone()
    {
        var config = FinetuneConfig.Default with { Data = new ComponentConfig("test-squares"), Epochs = 3, BatchSize = 8 };
        using (var squares = new MovingSquareSource(Request(), 20))
            Assert.Equal(3 * (20 / 8), config.ResolveSteps(squares).Steps);
        using (var squares = new MovingSquareSource(Request(), 20))
            Assert.Equal(200, (config with { Epochs = null }).ResolveSteps(squares).Steps);
        var protocol = new SynthProtocol(new Kit.Data.Synth.SynthStream(new Kit.Data.Synth.SynthConfig(Size: 16)), LabelledPerClass: 1, TestPerClass: 1);
        using var stream = new SynthStreamSource(protocol, Request(), trainOnStream: true, stride: 2, extraFlowFrames: 0);
        Assert.True(stream.Unlimited);
        var e = Assert.Throws<ArgumentException>(() => config.ResolveSteps(stream));
        Assert.Contains("unlimited stream", e.Message);
        // Below paper scale the runner's recipes keep their steps.
        var cpu = TrainerRowExecutor.FinetuneFor(Scale.Cpu.Resolve(Recipes.MmeAblation), Scale.Cpu, probe: false);
        Assert.Null(cpu.Epochs);
        Assert.Equal(Scale.Cpu.FinetuneSteps, cpu.Steps);
    }

    private static ClipSourceRequest Request() =>
        new("train", Kit.Targets.TargetNeeds.None, new Kit.Data.TokenGrid(4, 16, 16, 2, 8), 0, Kit.Torch.Device.CPU, new ViewSpec(), Labelled: true);
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
