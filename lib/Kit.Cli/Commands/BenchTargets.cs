using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Bench;
using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit bench targets [--json] [--scales full,default] [--batch 2] [--reps 3] [--device auto] [--only NAME]
/// [--step-ratio 0.9] [--threads N] [--loop-steps 20]`: clips per second of every target and masking strategy at 16x224x224 (batch --batch) and at the
/// kit's default scale (the ablation runner's: cpu-small, 8 x 64 x 64 clips in 2 x 16 x 16 cubes, stride 3 as MME,
/// batch 8), and there each one's cost per batch as a fraction of one real pre-training step of that model on that
/// batch (must stay below 0.1). The step masks 90 % of the tokens (VideoMAE/MGMAE; MME's 70 % leaves more visible
/// tokens, a dearer step and so a smaller fraction: 0.9 is the stricter yardstick). At the default scale each target
/// is also timed inside a real pre-training loop (<see cref="Kit.Training.TargetLoopBench"/>): the extra time per step
/// when the step computes it, and when it is computed ahead on a background thread as the trainer does.
/// </summary>
public sealed class BenchTargets : ICommand
{
    public string Name => "bench targets";
    public string Summary => "targets and masks: clips/s at 16x224x224 and the default scale, cost vs a training step";

    public int Run(Args args)
    {
        var json = args.Flag("json");
        var scales = args.String("scales", "full,default").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var batch = args.Int("batch", 2);
        var reps = args.Int("reps", 3);
        var device = TargetsInput.ParseDevice(args.String("device", "auto"));
        var only = args.Get("only");
        var stepRatio = args.Double("step-ratio", 0.9);
        var threads = args.Int("threads", Environment.ProcessorCount);
        var loopSteps = args.Int("loop-steps", 20);
        args.RejectUnknown();
        if (loopSteps < 0) throw new UsageException($"--loop-steps must be 0 (skip the in-loop timing) or positive, got {loopSteps}");
        if (batch < 1 || reps < 1) throw new UsageException("--batch and --reps must be at least 1");
        set_num_threads(threads);
        manual_seed(0);

        var result = new JsonObject { ["device"] = device.ToString(), ["reps"] = reps, ["threads"] = threads };
        foreach (var scaleName in scales)
        {
            var scale = scaleName switch
            {
                "full" => new BenchTargetsScale("full", new TokenGrid(16, 224, 224, 2, 16), 2, batch),
                "default" => new BenchTargetsScale("default", DefaultModel.Grid, 3, Kit.Experiments.Scale.Default.BatchSize ?? 8),
                _ => throw new UsageException($"--scales takes full and/or default, got '{scaleName}'"),
            };
            using var clips = scale.MakeBatch(device);
            var rows = new JsonObject();
            var ctx = new TargetContext(scale.Grid, 3, scale.Stride);
            // the training step is timed before and after the targets and masks (on a shared machine one timing can
            // catch a slow spell); the faster is the yardstick, which makes every fraction the larger of the two
            double? stepBefore = scale.Name == "default" ? TrainStepMs(scale, stepRatio, device) : null;
            foreach (var entry in TargetRegistry.Entries.Where(e => only is null || e.Name == only))
            {
                var target = entry.Create(null, ctx);
                rows["target:" + entry.Name] = Time(() => { foreach (var p in target.Compute(clips, scale.Grid)) p.Dispose(); }, reps, scale.Batch);
                Report(json, scale.Name, "target " + entry.Name, rows["target:" + entry.Name]!);
            }
            foreach (var (name, make) in Masks().Where(m => only is null || m.Name.StartsWith(only, StringComparison.Ordinal)))
            {
                var generator = make();
                rows["mask:" + name] = Time(() => generator.Generate(clips, scale.Grid).Dispose(), reps, scale.Batch);
                Report(json, scale.Name, "mask " + name, rows["mask:" + name]!);
            }
            var scaleNode = new JsonObject { ["grid"] = scale.Grid.ToString(), ["stride"] = scale.Stride, ["batch"] = scale.Batch, ["rows"] = rows };
            if (scale.Name == "default")
            {
                var stepAfter = TrainStepMs(scale, stepRatio, device);
                var stepMs = Math.Min(stepBefore!.Value, stepAfter);
                scaleNode["train_step_ms"] = stepMs;
                scaleNode["train_step_ms_before_after"] = new JsonArray(stepBefore.Value, stepAfter);
                scaleNode["train_step_model"] = $"pre-training step of {DefaultModel.Name} ({DefaultModel.Grid}), mask ratio {stepRatio}, AdamW, batch {scale.Batch}";
                foreach (var (key, node) in rows.ToList())
                {
                    var fraction = node!["ms_per_batch"]!.GetValue<double>() / stepMs;
                    node["fraction_of_train_step"] = fraction;
                    node["under_a_tenth"] = fraction < 0.1;
                }
                if (!json) Console.WriteLine($"[default] training step ({scaleNode["train_step_model"]}): {stepMs:F1} ms (median of 30 steps, the faster of {stepBefore:F1} before and {stepAfter:F1} after); fractions: " + string.Join(", ", rows.Select(r => $"{r.Key} {r.Value!["fraction_of_train_step"]!.GetValue<double>():F3}")));
                if (loopSteps > 0)
                {
                    foreach (var entry in TargetRegistry.Entries.Where(e => only is null || e.Name == only))
                        InLoop(json, rows, "target:" + entry.Name, Kit.Training.TargetLoopBench.Run(DefaultModel, clips, stepRatio, loopSteps, entry.Create(null, ctx)));
                                    foreach (var (name, make) in Masks().Where(m => m.Name.StartsWith("motion-guided", StringComparison.Ordinal) && (only is null || m.Name.StartsWith(only, StringComparison.Ordinal))))
                        InLoop(json, rows, "mask:" + name, Kit.Training.TargetLoopBench.Run(DefaultModel, clips, stepRatio, loopSteps, TargetRegistry.Create(new TargetSpec("pixel"), ctx), make()));
                }
            }
            result[scale.Name] = scaleNode;
        }
        if (json) Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>Median of 30 pre-training steps of the default model on a batch of the scale, in ms.</summary>
    private static double TrainStepMs(BenchTargetsScale scale, double maskRatio, Device device) =>
        Kit.Training.TrainBench.Run(new Kit.Training.TrainBenchConfig(PretrainBatch: scale.Batch, MaskRatio: maskRatio, Steps: 30, Device: device.ToString(), Model: DefaultModel)).Pretrain.StepMs;

    /// <summary>Adds a row's in-loop timing (see <see cref="Kit.Training.TargetLoopBench"/>) and prints it.</summary>
    private static void InLoop(bool json, JsonObject rows, string key, Kit.Training.TargetLoopTiming t)
    {
        rows[key]!["in_loop"] = new JsonObject
        {
            ["step_ms_ready"] = t.ReadyMs, ["step_ms_in_step"] = t.InlineMs, ["step_ms_ahead"] = t.AheadMs,
            ["cost_in_step"] = t.InlineCost, ["cost_ahead"] = t.AheadCost, ["ahead_under_a_tenth"] = t.AheadCost < 0.1,
        };
        if (!json) Console.WriteLine($"[default] in the loop, {key,-28}: step {t.ReadyMs:F1} ms with it free, {t.InlineMs:F1} ms done in the step (+{t.InlineCost:P0}), {t.AheadMs:F1} ms done ahead (+{t.AheadCost:P0})");
    }

    private static IEnumerable<(string Name, Func<IMaskGenerator> Make)> Masks() =>
    [
        ("random", () => new RandomMask(new RandomMaskConfig(0.9))),
        ("tube", () => new TubeMask(new TubeMaskConfig(0.9))),
        ("cube", () => new CubeMask(new CubeMaskConfig(0.4))),
        ("frame", () => new FrameMask(new FrameMaskConfig(0.5))),
        ("motion-guided-offline", () => new MotionGuidedMask(new MotionGuidedConfig())),
        ("motion-guided-online", () => new MotionGuidedMask(new MotionGuidedConfig(Flow: MaskFlowSource.Online))),
    ];

    private static void Report(bool json, string scale, string what, JsonNode row)
    {
        if (!json) Console.WriteLine($"[{scale}] {what,-32} {row["clips_per_s"]!.GetValue<double>(),9:F1} clips/s  ({row["ms_per_batch"]!.GetValue<double>():F1} ms per batch)");
    }

    /// <summary>Median over reps after one warm-up run, with the device synchronised around each run.</summary>
    private static JsonObject Time(Action run, int reps, int batch)
    {
        using (NewDisposeScope()) run();
        var times = new List<double>();
        for (var i = 0; i < reps; i++)
        {
            cuda.synchronize();
            var sw = Stopwatch.StartNew();
            using (NewDisposeScope()) run();
            cuda.synchronize();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var ms = times[times.Count / 2];
        return new JsonObject { ["ms_per_batch"] = ms, ["clips_per_s"] = batch * 1000.0 / ms };
    }

    /// <summary>The model of the default scale's ablation rows (what RecipeMapping gives a recipe at that scale).</summary>
    private static Kit.Model.ModelConfig DefaultModel
    {
        get
        {
            var scale = Kit.Experiments.Scale.Default;
            return Kit.Model.ModelPresets.Get(scale.ModelPreset) with { Frames = scale.Frames, ImageSize = scale.Size, Patch = scale.PatchSize };
        }
    }
}
