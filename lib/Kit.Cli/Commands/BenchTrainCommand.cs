using System.Text.Json;
using Kit.Model;
using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit bench train [--preset NAME|all] [--steps N] [--batch B] [--ft-batch B] [--mask-ratio R] [--device D] [--threads N] [--json] [--decoder-table]`.</summary>
public sealed class BenchTrainCommand : ICommand
{
    public string Name => "bench train";
    public string Summary => "pre-training and fine-tuning steps/s, clips/s, FLOPs per step and GFLOP/s vs sgemm at a model preset";

    public CommandHelp Help => new(
        "[--preset NAME|all] [--steps N] [--batch B] [--ft-batch B] [--mask-ratio R] [--device D] [--json] [--decoder-table]",
        [
            new("preset", "NAME|all", ModelPresets.Default, $"model size: {string.Join(", ", ModelPresets.All.Keys)} or all"),
            new("steps", "N", $"{new TrainBenchConfig().Steps}", "timed steps"),
            new("warmup", "N", $"{new TrainBenchConfig().Warmup}", "untimed steps first"),
            new("batch", "B", $"{new TrainBenchConfig().PretrainBatch}", "pre-training clips per step"),
            new("ft-batch", "B", $"{new TrainBenchConfig().FinetuneBatch}", "fine-tuning clips per step"),
            new("mask-ratio", "R", $"{new TrainBenchConfig().MaskRatio}", "fraction of tokens hidden in pre-training"),
            new("decoder-table", null, null, "print the decoder's FLOPs per arrangement instead of timing"),
            CommonOptions.Device,
            CommonOptions.Threads,
            CommonOptions.Json,
        ],
        ["./kit bench train --preset cpu-small --steps 3"]);

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
        };
        var json = args.Flag("json");
        var table = args.Flag("decoder-table");
        PretrainShared.ApplyThreads(args);
        args.RejectUnknown();
        if (table)
        {
            var m = ModelPresets.Get(preset == "all" ? ModelPresets.Default : preset);
            Console.WriteLine($"{m.Name}: forward GFLOP per clip at mask ratio {config.MaskRatio}, two parts of {m.CubeValues} values, decoder width {m.DecoderOrDefault.Dim}");
            foreach (var r in TrainBench.DecoderTable(m, [("a", m.CubeValues), ("b", m.CubeValues)], config.MaskRatio, [1, 2, 4]))
                Console.WriteLine($"  {r.Arrangement,-14} depth {r.Depth}: decoder {r.DecoderGflop,8:F2}  encoder + decoder {r.EncoderGflop + r.DecoderGflop,8:F2}");
            return 0;
        }
        var names = preset == "all" ? ModelPresets.All.Keys.ToList() : [ModelPresets.Get(preset).Name];
        var results = names.Select(n => TrainBench.Run(config with { Preset = n }, json ? null : Console.WriteLine)).ToList();
        if (json) Console.WriteLine(JsonSerializer.Serialize(results, ConfigJson.Options));
        return 0;
    }
}
