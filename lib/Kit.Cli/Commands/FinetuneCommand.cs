using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.Pipeline;
using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit finetune --from DIR[/checkpoint.pt] | --init RELEASE.pth [--preset NAME] | --preset NAME (from scratch) [--recipe NAME] [--config FILE] [--set key=value ...] --out DIR [--resume] [--precision P] [--nproc N]`.</summary>
public sealed class FinetuneCommand : ICommand
{
    public string Name => "finetune";
    public string Summary => "fine-tune a pre-trained encoder (layer decay, mixup/cutmix, label smoothing) and evaluate it";

    public CommandHelp Help => FinetuneRunner.Help(FinetuneConfig.Default, ["./kit finetune --from runs/pre --out runs/ft --set steps=200",
        "./kit finetune --init videomae_ssv2_pretrain.pth --recipe videomae --set data.name=manifest --set data.params.dir=data/ssv2 --out runs/ft-videomae"], recipes: true);

    public int Run(Args args) => FinetuneRunner.Run(args, FinetuneConfig.Default, recipes: true);
}

/// <summary>Shared by `kit finetune` and `kit probe`: they differ only in their default config (and --recipe, which
/// only `kit finetune` takes).</summary>
public static class FinetuneRunner
{
    /// <summary>The options both commands read, with the phase's examples.</summary>
    internal static CommandHelp Help(FinetuneConfig defaults, string[] examples, bool recipes = false) => new(
        "--out DIR (--from DIR|FILE.pt | --init RELEASE.pth | --preset NAME)" + (recipes ? " [--recipe NAME]" : "") + " [--config FILE.json] [--set KEY=VALUE ...] [--resume] [--precision P] [--nproc N] [--threads N]",
        [
            CommonOptions.From with { Text = "the pre-trained run folder or its checkpoint.pt (omit to train from scratch)" },
            new("init", "RELEASE.pth", null, "a VideoMAE-family release checkpoint (VideoMAE, MGMAE, MME .pth, pre-trained or fine-tuned) whose encoder initialises the model; --preset picks the model or it is matched from the file's shapes", Sample: "release.pth"),
            CommonOptions.Preset with { Text = "model size when training from scratch (or for --init)" },
            .. (recipes ? [RecipeOption] : Array.Empty<OptionHelp>()),
            new("out", "DIR", null, "checkpoint.pt, metrics.jsonl, summary.json" + (recipes ? " (and recipe.json with --recipe)" : ""), Sample: "runs/ft"),
            .. CommonOptions.Training,
        ],
        examples,
        $"Phase {defaults.Phase}: trains {defaults.Steps} steps by default, then evaluates on the validation split."
        + (recipes ? " " + RecipeDetails : ""));

    private static OptionHelp RecipeOption => new("recipe", "NAME", null,
        $"fine-tune with a paper's recipe at the paper scale, as `./kit ablation --scale paper` fine-tunes: {string.Join(", ", PaperFinetune.Names)} (mme: MME's default ablation row); --config and --set still override any key", Sample: "mme");

    private const string RecipeDetails =
        "With --recipe NAME the fine-tuning settings come from the kit's paper recipe (Kit.Experiments.Recipes) at the paper "
        + "scale, as the ablation runner maps it: the recipe's epochs (steps = epochs x full batches of the training set), "
        + "its base learning rate per 256 clips (peak = base x batchSize / 256), the trainer's AdamW (0.9, 0.999), weight "
        + "decay 0.05, layer decay 0.75, warm-up over 10% of the steps and cosine decay, drop path 0.1, label smoothing 0.1, "
        + "mixup 0.8 / cutmix 1.0, test 2 clips x 3 crops, and the recipe's sampling stride (data.params.stride). The run "
        + "prints the resolved settings and writes recipe.json (the recipe, the resolved config, what is not applied); "
        + "summary.json holds the resolved config. Explicit options win: --set steps=N trains N steps instead of the "
        + "epochs, --set optim.layerDecay=0.65 changes one setting. Not applied, and printed when it matters: MME's dropping "
        + "of half the input patches in fine-tuning (the fine-tuner feeds every patch); the recipe's dataset (the run "
        + "reads its config's data: --set data.name=manifest --set data.params.dir=DIR for a converted dataset); the "
        + "papers' global batch size (the kit's recipes hold none: batchSize stays 8 unless set, with the learning rate "
        + "scaled to it).";

    /// <summary>
    /// The config a command line asks for, and the paper recipe it names with --recipe (null without it): the phase's
    /// defaults, --from/--init/--preset, the recipe's settings, then --config and --set, then --precision. An explicit
    /// steps (in --set or the --config file) trains that many steps instead of the recipe's epochs, unless epochs is
    /// given explicitly too.
    /// </summary>
    public static (FinetuneConfig Config, PaperFinetune? Recipe) Resolve(Args args, FinetuneConfig defaults, bool recipes)
    {
        var from = args.Get("from");
        if (from is not null) defaults = defaults with { From = PretrainShared.CheckpointPath(from) };
        if (args.Get("init") is { } init) defaults = defaults with { Init = Path.GetFullPath(init) };
        if (args.Get("preset") is { } preset) defaults = defaults with { Model = Kit.Model.ModelPresets.Get(preset) };
        PaperFinetune? recipe = null;
        if (recipes && args.Get("recipe") is { } name)
        {
            try { recipe = PaperFinetune.Get(name); }
            catch (ArgumentException e) { throw new UsageException($"--recipe: {e.Message}"); }
            defaults = recipe.Apply(defaults);
        }
        var config = PretrainShared.LoadConfig(args, defaults);
        if (recipe is not null)
        {
            var given = ExplicitKeys(args);
            if (given.Contains("steps") && !given.Contains("epochs")) config = config with { Epochs = null };
        }
        if (args.Get("precision") is { } precision) config = config with { Precision = precision };
        return (config, recipe);
    }

    /// <summary>Top-level config keys the command line sets: those of --set and of the --config file (lower case).</summary>
    private static HashSet<string> ExplicitKeys(Args args)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in args.All("set")) keys.Add(o.Split('=')[0].Split('.')[0].Trim());
        if (args.Get("config") is { } path && File.Exists(path)
            && JsonNode.Parse(File.ReadAllText(path)) is JsonObject file)
            foreach (var (key, _) in file) keys.Add(key);
        return keys;
    }

    internal static int Run(Args args, FinetuneConfig defaults, bool recipes = false)
    {
        var (config, recipe) = Resolve(args, defaults, recipes);
        var outDir = args.Require("out");
        var resume = args.Flag("resume");
        PretrainShared.ApplyThreads(args);
        var nproc = DataParallelLaunch.ProcessCount(args);
        args.RejectUnknown();
        if (config.From is { } checkpoint) PretrainShared.RequireCheckpoint(checkpoint);
        if (DataParallelLaunch.LaunchIfAsked(nproc) is { } exitCode) return exitCode;
        config = config with { Device = DataParallelLaunch.RankDevice(config.Device) };
        using var job = DataParallelLaunch.JoinIfRank(config.Device);
        using var trainer = new Finetuner(config, r => DataParallelLaunch.MainFirst(job, () => Registries.Sources.Create(config.Data, r, "data")), outDir);
        config = trainer.Config;   // steps resolved from epochs
        if (recipe is not null) ReportRecipe(recipe, trainer, outDir, job is null || job.IsMain);
        Console.WriteLine($"{config.Phase}: model {trainer.ModelConfig.Name} from {config.From ?? config.Init ?? "scratch"}, {trainer.Model.Classes} classes, {config.Steps} steps x {config.BatchSize} clips on {config.Device}");
        if (trainer.InitReport is { } report) Console.WriteLine($"init: {report.Summary}");
        using var cts = PretrainShared.CancelOnCtrlC();
        var (train, eval) = trainer.Run(resume, cts.Token, PretrainShared.ConsoleProgress());
        Console.WriteLine(train.Cancelled
            ? $"stopped at step {train.Step}; resume with --resume --out {outDir}"
            : $"done: {train.Step} steps in {train.Seconds:F1} s; top-1 {eval.Top1:P2}, top-5 {eval.Top5:P2} over {eval.Videos} videos x {eval.Views} views");
        return 0;
    }

    /// <summary>Prints the recipe's resolved settings and what is not applied, and writes recipe.json (on rank 0).</summary>
    private static void ReportRecipe(PaperFinetune recipe, Finetuner trainer, string outDir, bool main)
    {
        var config = trainer.Config;
        var notApplied = recipe.NotApplied(config, trainer.ModelConfig);
        Console.WriteLine($"recipe {recipe.Name} (paper scale, as `./kit ablation --scale paper` fine-tunes): {PaperFinetune.Describe(config)}");
        foreach (var note in notApplied) Console.WriteLine($"recipe {recipe.Name}: not applied: {note}");
        if (!main) return;
        Directory.CreateDirectory(outDir);
        var file = new JsonObject
        {
            ["name"] = recipe.Name,
            ["recipe"] = JsonSerializer.SerializeToNode(recipe.Recipe, CanonicalJson.Options),
            ["config"] = trainer.ConfigNode,
            ["notApplied"] = new JsonArray([.. notApplied.Select(n => (JsonNode)n)]),
        };
        File.WriteAllText(Path.Combine(outDir, "recipe.json"), file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
