using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit finetune --from DIR[/checkpoint.pt] | --init RELEASE.pth [--preset NAME] | --preset NAME (from scratch) [--config FILE] [--set key=value ...] --out DIR [--resume] [--precision P] [--nproc N]`.</summary>
public sealed class FinetuneCommand : ICommand
{
    public string Name => "finetune";
    public string Summary => "fine-tune a pre-trained encoder (layer decay, mixup/cutmix, label smoothing) and evaluate it";

    public CommandHelp Help => FinetuneRunner.Help(FinetuneConfig.Default, "./kit finetune --from runs/pre --out runs/ft --set steps=200");

    public int Run(Args args) => FinetuneRunner.Run(args, FinetuneConfig.Default);
}

/// <summary>Shared by `kit finetune` and `kit probe`: they differ only in their default config.</summary>
internal static class FinetuneRunner
{
    /// <summary>The options both commands read, with the phase's example.</summary>
    public static CommandHelp Help(FinetuneConfig defaults, string example) => new(
        "--out DIR (--from DIR|FILE.pt | --init RELEASE.pth | --preset NAME) [--config FILE.json] [--set KEY=VALUE ...] [--resume] [--precision P] [--nproc N] [--threads N]",
        [
            CommonOptions.From with { Text = "the pre-trained run folder or its checkpoint.pt (omit to train from scratch)" },
            new("init", "RELEASE.pth", null, "a VideoMAE-family release checkpoint (VideoMAE, MGMAE, MME .pth, pre-trained or fine-tuned) whose encoder initialises the model; --preset picks the model or it is matched from the file's shapes", Sample: "release.pth"),
            CommonOptions.Preset with { Text = "model size when training from scratch (or for --init)" },
            new("out", "DIR", null, "checkpoint.pt, metrics.jsonl, summary.json", Sample: "runs/ft"),
            .. CommonOptions.Training,
        ],
        [example],
        $"Phase {defaults.Phase}: trains {defaults.Steps} steps by default, then evaluates on the validation split.");

    public static int Run(Args args, FinetuneConfig defaults)
    {
        var from = args.Get("from");
        if (from is not null) defaults = defaults with { From = PretrainShared.CheckpointPath(from) };
        if (args.Get("init") is { } init) defaults = defaults with { Init = Path.GetFullPath(init) };
        if (args.Get("preset") is { } preset) defaults = defaults with { Model = Kit.Model.ModelPresets.Get(preset) };
        var config = PretrainShared.LoadConfig(args, defaults);
        if (args.Get("precision") is { } precision) config = config with { Precision = precision };
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
        Console.WriteLine($"{config.Phase}: model {trainer.ModelConfig.Name} from {config.From ?? config.Init ?? "scratch"}, {trainer.Model.Classes} classes, {config.Steps} steps x {config.BatchSize} clips on {config.Device}");
        if (trainer.InitReport is { } report) Console.WriteLine($"init: {report.Summary}");
        using var cts = PretrainShared.CancelOnCtrlC();
        var (train, eval) = trainer.Run(resume, cts.Token, PretrainShared.ConsoleProgress());
        Console.WriteLine(train.Cancelled
            ? $"stopped at step {train.Step}; resume with --resume --out {outDir}"
            : $"done: {train.Step} steps in {train.Seconds:F1} s; top-1 {eval.Top1:P2}, top-5 {eval.Top5:P2} over {eval.Videos} videos x {eval.Views} views");
        return 0;
    }
}
