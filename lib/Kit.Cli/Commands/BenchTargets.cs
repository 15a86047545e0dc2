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
/// `kit bench targets [--json] [--scales full,cpu] [--batch 2] [--reps 3] [--device auto] [--only NAME]
/// [--step-ratio 0.9] [--threads N] [--loop-steps 20] [--loop-rounds 3]`: clips per second of every target and masking strategy at 16x224x224 (batch --batch) and at the
/// kit's default scale (the ablation runner's: cpu-small, 8 x 64 x 64 clips in 2 x 16 x 16 cubes, stride 3 as MME,
/// batch 8), and there each one's cost per batch as a fraction of one real pre-training step of that model on that
/// batch (must stay below 0.1), twice: against the step that masks --step-ratio (0.9, VideoMAE's and MGMAE's: the fewest
/// visible tokens, the cheapest step, so the strictest yardstick) and against the step of the kit recipe that uses the
/// row (<see cref="Kit.Experiments.Recipes"/>: MME's ablations mask 70 %, a dearer step). At the default scale each
/// target is also timed inside a real pre-training loop at its recipe's mask ratio
/// (<see cref="Kit.Training.TargetLoopBench"/>, --loop-rounds rounds of the three loops in turn): the extra time per
/// step when the step computes it, and when it is computed ahead on a background thread as the trainer does.
/// </summary>
public sealed class BenchTargets : ICommand
{
    private readonly TextWriter output;

    /// <summary>The CLI's command (Program.cs creates every command through its parameterless constructor).</summary>
    public BenchTargets() : this(Console.Out)
    {
    }

    /// <summary>A command writing its report to <paramref name="output"/>.</summary>
    public BenchTargets(TextWriter output) => this.output = output;

    public string Name => "bench targets";
    public string Summary => "targets and masks: clips/s at 16x224x224 and the cpu scale, cost vs a training step";

    public CommandHelp Help => new(
        "[--scales full,default] [--only NAME] [--batch B] [--reps N] [--json] ...",
        [
            new("scales", "LIST", "full,default", "full (16x224x224) and/or default (the ablation runner's clips)"),
            new("only", "NAME", null, "time one target or mask (prefix) only", Sample: "pixel"),
            new("batch", "B", "2", "clips per batch at the full scale"),
            new("reps", "N", "3", "timed repetitions (median)"),
            new("step-ratio", "R", "0.9", "mask ratio of the training step the costs are compared with"),
            new("loop-steps", "N", "20", "steps of the in-loop timing (0 skips it)"),
            new("loop-rounds", "N", "3", "rounds of the in-loop timing"),
            CommonOptions.Device,
            CommonOptions.Threads,
            CommonOptions.Json,
        ],
        ["./kit bench targets --scales default --only tube --loop-steps 0"]);

    public int Run(Args args)
    {
        var json = args.Flag("json");
        var scales = args.String("scales", "full,cpu").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var batch = args.Int("batch", 2);
        var reps = args.Int("reps", 3);
        var device = TargetsInput.ParseDevice(args.String("device", "auto"));
        var only = args.Get("only");
        var stepRatio = args.Double("step-ratio", 0.9);
        var threads = args.Int("threads", Environment.ProcessorCount);
        var loopSteps = args.Int("loop-steps", 20);
        var loopRounds = args.Int("loop-rounds", 3);
        args.RejectUnknown();
        if (loopSteps < 0) throw new UsageException($"--loop-steps must be 0 (skip the in-loop timing) or positive, got {loopSteps}");
        if (loopRounds < 1) throw new UsageException($"--loop-rounds must be at least 1, got {loopRounds}");
        if (batch < 1 || reps < 1) throw new UsageException("--batch and --reps must be at least 1");
        set_num_threads(threads);
        manual_seed(0);

        var result = new JsonObject { ["device"] = device.ToString(), ["reps"] = reps, ["threads"] = threads };
        foreach (var scaleName in scales)
        {
            var scale = scaleName switch
            {
                "full" => new BenchTargetsScale("full", new TokenGrid(16, 224, 224, 2, 16), 2, batch),
                "cpu" => new BenchTargetsScale("cpu", DefaultModel.Grid, 3, Kit.Experiments.Scale.Cpu.BatchSize ?? 8),
                _ => throw new UsageException($"--scales takes full and/or cpu, got '{scaleName}'"),
            };
            using var clips = scale.MakeBatch(device);
            var rows = new JsonObject();
            var ctx = new TargetContext(scale.Grid, 3, scale.Stride);
            // the training steps are timed before and after the targets and masks (on a shared machine one timing can
            // catch a slow spell); the faster is the yardstick, which makes every fraction the larger of the two
            var ratios = new[] { stepRatio }.Concat(RecipeRatios.Select(r => r.Ratio)).Distinct().ToArray();
            var stepsBefore = scale.Name == "cpu" ? ratios.ToDictionary(r => r, r => TrainStepMs(scale, r, device)) : null;
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
            if (scale.Name == "cpu")
            {
                var steps = new JsonObject();
                var stepMs = new Dictionary<double, double>();
                foreach (var r in ratios)
                {
                    var after = TrainStepMs(scale, r, device);
                    stepMs[r] = Math.Min(stepsBefore![r], after);
                    steps[r.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["ms"] = stepMs[r], ["before"] = stepsBefore[r], ["after"] = after };
                }
                scaleNode["train_step_ms"] = stepMs[stepRatio];
                scaleNode["train_steps_by_mask_ratio"] = steps;
                scaleNode["train_step_model"] = $"pre-training step of {DefaultModel.Name} ({DefaultModel.Grid}), AdamW, batch {scale.Batch}, median of 30 steps, the faster of a timing before and after the rows";
                foreach (var (key, node) in rows.ToList())
                {
                    var ms = node!["ms_per_batch"]!.GetValue<double>();
                    var fraction = ms / stepMs[stepRatio];
                    node["fraction_of_train_step"] = fraction;
                    node["under_a_tenth"] = fraction < 0.1;
                    var (recipe, ratio) = RecipeOf(key);
                    node["recipe"] = recipe;
                    node["recipe_mask_ratio"] = ratio;
                    node["fraction_of_recipe_step"] = ms / stepMs[ratio];
                    node["under_a_tenth_of_recipe_step"] = ms / stepMs[ratio] < 0.1;
                }
                if (!json)
                {
                    output.WriteLine($"[cpu] training step ({scaleNode["train_step_model"]}): " + string.Join(", ", ratios.Select(r => $"mask ratio {r}: {stepMs[r]:F1} ms (before {stepsBefore![r]:F1}, after {steps[r.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture)]!["after"]!.GetValue<double>():F1})")));
                    output.WriteLine($"[default] fraction of the step at mask ratio {stepRatio} / of the step of the recipe that uses it:");
                    foreach (var (key, node) in rows)
                        output.WriteLine($"[default]   {key,-30} {node!["fraction_of_train_step"]!.GetValue<double>():F3} / {node["fraction_of_recipe_step"]!.GetValue<double>():F3} ({node["recipe"]}, mask ratio {node["recipe_mask_ratio"]})");
                }
                if (loopSteps > 0)
                {
                    foreach (var entry in TargetRegistry.Entries.Where(e => only is null || e.Name == only))
                        InLoop(json, rows, "target:" + entry.Name, Kit.Training.TargetLoopBench.Run(DefaultModel, clips, RecipeOf("target:" + entry.Name).Ratio, loopSteps, entry.Create(null, ctx), rounds: loopRounds));
                    foreach (var (name, make) in Masks().Where(m => m.Name.StartsWith("motion-guided", StringComparison.Ordinal) && (only is null || m.Name.StartsWith(only, StringComparison.Ordinal))))
                        InLoop(json, rows, "mask:" + name, Kit.Training.TargetLoopBench.Run(DefaultModel, clips, RecipeOf("mask:" + name).Ratio, loopSteps, TargetRegistry.Create(new TargetSpec("pixel"), ctx), make(), rounds: loopRounds));
                }
            }
            result[scale.Name] = scaleNode;
        }
        if (json) output.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>The kit's paper recipes and their mask ratios (Kit.Experiments.Recipes): the step a row's work rides on.</summary>
    private static IEnumerable<(string Recipe, double Ratio)> RecipeRatios =>
    [
        ("MME ablation", Kit.Experiments.Recipes.MmeAblation.Mask.Double("ratio")),
        ("VideoMAE", Kit.Experiments.Recipes.VideoMae.Mask.Double("ratio")),
        ("MotionMAE", Kit.Experiments.Recipes.MotionMae.Mask.Double("ratio")),
        ("MGMAE", Kit.Experiments.Recipes.Mgmae.Mask.Double("ratio")),
    ];

    /// <summary>The recipe whose training a row's target or mask serves: MME's motion targets (trajectory, HOG, flow, HOF,
    /// MBH, all ablated in MME's tables with its recipe), VideoMAE's pixels and masks, MotionMAE's frame difference and
    /// frame + motion, MGMAE's motion-guided masks.</summary>
    private static (string Recipe, double Ratio) RecipeOf(string key)
    {
        var name = key[(key.IndexOf(':') + 1)..];
        var recipe = name switch
        {
            "trajectory" or "hog" or "flow" or "hof" or "mbh" => "MME ablation",
            "frame-diff" or "frame+motion" => "MotionMAE",
            _ when name.StartsWith("motion-guided", StringComparison.Ordinal) => "MGMAE",
            _ => "VideoMAE",
        };
        return RecipeRatios.First(r => r.Recipe == recipe);
    }

    /// <summary>Median of 30 pre-training steps of the default model on a batch of the scale, in ms.</summary>
    private static double TrainStepMs(BenchTargetsScale scale, double maskRatio, Device device) =>
        Kit.Training.TrainBench.Run(new Kit.Training.TrainBenchConfig(PretrainBatch: scale.Batch, MaskRatio: maskRatio, Steps: 30, Device: device.ToString(), Model: DefaultModel)).Pretrain.StepMs;

    /// <summary>Adds a row's in-loop timing (see <see cref="Kit.Training.TargetLoopBench"/>) and prints it.</summary>
    private void InLoop(bool json, JsonObject rows, string key, Kit.Training.TargetLoopTiming t)
    {
        rows[key]!["in_loop"] = new JsonObject
        {
            ["step_ms_ready"] = t.ReadyMs, ["step_ms_in_step"] = t.InlineMs, ["step_ms_ahead"] = t.AheadMs,
            ["cost_in_step"] = t.InlineCost, ["cost_ahead"] = t.AheadCost, ["ahead_under_a_tenth"] = t.AheadCost < 0.1,
            ["work_ms_in_loop"] = t.WorkMs, ["work_share_of_step"] = t.WorkShare, ["work_under_a_tenth"] = t.WorkShare < 0.1,
        };
        if (!json) output.WriteLine($"[default] in the loop, {key,-28}: step {t.ReadyMs:F1} ms with it free, {t.InlineMs:F1} ms done in the step (+{t.InlineCost:P0}), {t.AheadMs:F1} ms done ahead (+{t.AheadCost:P0}); itself {t.WorkMs:F2} ms after a step ({t.WorkShare:F3} of the step)");
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

    private void Report(bool json, string scale, string what, JsonNode row)
    {
        if (!json) output.WriteLine($"[{scale}] {what,-32} {row["clips_per_s"]!.GetValue<double>(),9:F1} clips/s  ({row["ms_per_batch"]!.GetValue<double>():F1} ms per batch)");
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
            var scale = Kit.Experiments.Scale.Cpu;
            return Kit.Model.ModelPresets.Get(scale.ModelPreset) with { Frames = scale.Frames, ImageSize = scale.Size, Patch = scale.PatchSize, Tubelet = scale.Tubelet };
        }
    }
}
