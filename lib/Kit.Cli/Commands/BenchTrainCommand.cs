using System.Text.Json;
using Kit.Model;
using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit bench train [--preset NAME|all] [--steps N] [--batch B] [--ft-batch B] [--mask-ratio R] [--device D] [--precision fp32|tf32|bf16|fp16] [--nproc N] [--threads N] [--json] [--decoder-table]`.
/// With --nproc N the batches are global: N processes each step on 1/N of them and average gradients (Gloo on CPU).</summary>
public sealed class BenchTrainCommand : ICommand
{
    public string Name => "bench train";
    public string Summary => "pre-training and fine-tuning steps/s, clips/s, FLOPs per step and TFLOP/s vs sgemm at a model preset, precision and process count";

    public CommandHelp Help => new(
        "[--preset NAME|all] [--steps N] [--batch B] [--ft-batch B] [--mask-ratio R] [--device D] [--precision P] [--nproc N] [--json] [--decoder-table]",
        [
            new("preset", "NAME|all", ModelPresets.Default, $"model size: {string.Join(", ", ModelPresets.All.Keys)} or all"),
            new("steps", "N", $"{new TrainBenchConfig().Steps}", "timed steps"),
            new("warmup", "N", $"{new TrainBenchConfig().Warmup}", "untimed steps first"),
            new("batch", "B", $"{new TrainBenchConfig().PretrainBatch}", "pre-training clips per step"),
            new("ft-batch", "B", $"{new TrainBenchConfig().FinetuneBatch}", "fine-tuning clips per step"),
            new("mask-ratio", "R", $"{new TrainBenchConfig().MaskRatio}", "fraction of tokens hidden in pre-training"),
            new("decoder-table", null, null, "print the decoder's FLOPs per arrangement instead of timing"),
            CommonOptions.Device,
            CommonOptions.Precision,
            CommonOptions.Nproc,
            CommonOptions.Threads,
            CommonOptions.Json,
        ],
        ["./kit bench train --preset cpu-small --steps 3", "./kit bench train --preset vit-b --device cuda --batch 32 --precision bf16"]);

    public int Run(Args args)
    {
        var preset = args.String("preset", ModelPresets.Default);
        var d = new TrainBenchConfig();
        var config = d with
        {
            Steps = args.Int("steps", d.Steps),
            Warmup = args.Int("warmup", d.Warmup),
            PretrainBatch = args.Int("batch", d.PretrainBatch),
            FinetuneBatch = args.Int("ft-batch", d.FinetuneBatch),
            MaskRatio = args.Double("mask-ratio", d.MaskRatio),
            Device = args.String("device", d.Device),
            Precision = args.String("precision", d.Precision),
        };
        var json = args.Flag("json");
        var table = args.Flag("decoder-table");
        PretrainShared.ApplyThreads(args);
        var nproc = DataParallelLaunch.ProcessCount(args);
        args.RejectUnknown();
        if (DataParallelLaunch.LaunchIfAsked(nproc) is { } exitCode) return exitCode;
        config = config with { Device = DataParallelLaunch.RankDevice(config.Device) };
        using var job = DataParallelLaunch.JoinIfRank(config.Device);
        var main = job is null || job.IsMain;
        if (table)
        {
            var m = ModelPresets.Get(preset == "all" ? ModelPresets.Default : preset);
            Console.WriteLine($"{m.Name}: forward GFLOP per clip at mask ratio {config.MaskRatio}, two parts of {m.CubeValues} values, decoder width {m.DecoderOrDefault.Dim}");
            foreach (var r in TrainBench.DecoderTable(m, [("a", m.CubeValues), ("b", m.CubeValues)], config.MaskRatio, [1, 2, 4]))
                Console.WriteLine($"  {r.Arrangement,-14} depth {r.Depth}: decoder {r.DecoderGflop,8:F2}  encoder + decoder {r.EncoderGflop + r.DecoderGflop,8:F2}");
            return 0;
        }
        var names = preset == "all" ? ModelPresets.All.Keys.ToList() : [ModelPresets.Get(preset).Name];
        var results = names.Select(n => TrainBench.Run(config with { Preset = n }, json || !main ? null : Console.WriteLine)).ToList();
        if (json && main) Console.WriteLine(JsonSerializer.Serialize(results, ConfigJson.Options));
        return 0;
    }
}
