using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit pretrain [--preset NAME] [--config FILE.json] [--set key=value ...] --out DIR [--resume] [--threads N] [--precision fp32|tf32|bf16|fp16] [--nproc N]`.</summary>
public sealed class PretrainCommand : ICommand
{
    public string Name => "pretrain";
    public string Summary => "masked video pre-training with the configured target and mask; writes DIR/checkpoint.pt, metrics.jsonl, summary.json";

    public CommandHelp Help => new(
        "--out DIR [--preset NAME] [--config FILE.json] [--set KEY=VALUE ...] [--resume] [--precision P] [--nproc N] [--threads N]",
        [
            new("out", "DIR", null, "checkpoint.pt, metrics.jsonl, summary.json", Sample: "runs/pre"),
            CommonOptions.Preset,
            .. CommonOptions.Training,
        ],
        ["./kit pretrain --out runs/pre --set steps=200 --set target.name=trajectory"],
        "The config's keys (steps, batchSize, target, mask, data, optim, ...) are listed in DIR/summary.json after a run; a wrong key is named with the keys it could be.");

    public int Run(Args args)
    {
        var defaults = PretrainConfig.Default;
        if (args.Get("preset") is { } preset) defaults = defaults with { Model = Kit.Model.ModelPresets.Get(preset) };
        var config = PretrainShared.LoadConfig(args, defaults);
        if (args.Get("precision") is { } precision) config = config with { Precision = precision };
        var outDir = args.Require("out");
        var resume = args.Flag("resume");
        PretrainShared.ApplyThreads(args);
        var nproc = DataParallelLaunch.ProcessCount(args);
        args.RejectUnknown();
        if (DataParallelLaunch.LaunchIfAsked(nproc) is { } exitCode) return exitCode;
        config = config with { Device = DataParallelLaunch.RankDevice(config.Device) };
        config.Validate();
        using var job = DataParallelLaunch.JoinIfRank(config.Device);
        var grid = config.Model.Grid;
        var target = Registries.Targets.Create(config.Target, grid, "target");
        var mask = Registries.Masks.Create(config.Mask, grid, "mask");
        var request = new ClipSourceRequest("train", target.Needs | mask.Needs, grid, config.Seed, Kit.Torch.Device.Parse(config.Device), new ViewSpec(), Labelled: false, Target: target);
        using var source = DataParallelLaunch.MainFirst(job, () => Registries.Sources.Create(config.Data, request, "data"));
        using var trainer = new Pretrainer(config, target, mask, source, outDir);
        Console.WriteLine($"pretrain: model {config.Model.Name} ({trainer.Model.num_parameters():N0} parameters), target {target.Name}, mask {mask.Name} {mask.Ratio:P0}, {config.Steps} steps x {config.BatchSize} clips on {config.Device}");
        using var cts = PretrainShared.CancelOnCtrlC();
        var r = trainer.Run(resume, cts.Token, PretrainShared.ConsoleProgress());
        Console.WriteLine(r.Cancelled ? $"stopped at step {r.Step}; resume with --resume --out {outDir}" : $"done: {r.Step} steps in {r.Seconds:F1} s, final loss {r.LastLoss:F4}; {trainer.Files.Summary}");
        return 0;
    }
}
