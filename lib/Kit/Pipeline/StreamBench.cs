using System.Diagnostics;
using Kit.Data;
using Kit.Experiments;
using Kit.Targets;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Pipeline;

/// <summary>One stream measurement: clips per second rendered (and, with a target, the target computed) for a setting.</summary>
/// <param name="Setting">what the batches carry, e.g. "clip", "clip+raw+oracle flow", "trajectory (oracle flow)".</param>
/// <param name="ClipsPerSecond">clips per second on the calling thread.</param>
/// <param name="OverTraining">clips per second over what the scale's pre-training step consumes (above 1: the stream
/// keeps up with one rendering thread).</param>
public sealed record StreamRate(string Setting, double ClipsPerSecond, double OverTraining);

/// <summary>What `kit bench stream` measured at a scale.</summary>
public sealed record StreamBenchResult(string Scale, ModelConfigSummary Model, int BatchSize, double PretrainClipsPerSecond, double FinetuneClipsPerSecond, IReadOnlyList<StreamRate> Rates);

/// <summary>The model a stream benchmark compares against.</summary>
public sealed record ModelConfigSummary(string Preset, int Frames, int Size, int Tubelet, int Patch, int Tokens, int Dim, int Depth);

/// <summary>
/// Does the synthetic stream feed training faster than training consumes it? Times batches of the scale's size from
/// <see cref="SynthStreamSource"/> (plain clips; raw frames with the generator's exact flow; with an estimated flow; and
/// with each motion target computed from them) on one thread, against the clips per second of the scale's
/// pre-training and fine-tuning steps (<see cref="TrainBench"/>, all threads).
/// </summary>
public static class StreamBench
{
    public static StreamBenchResult Run(Scale scale, int batches = 3, Action<string>? log = null)
    {
        var recipe = scale.Resolve(Recipes.VideoMae);
        var model = RecipeMapping.Model(recipe);
        var batch = recipe.Pretrain.BatchSize ?? 8;
        var train = TrainBench.Run(new TrainBenchConfig(PretrainBatch: batch, FinetuneBatch: recipe.Finetune.BatchSize ?? batch, Steps: 3, Warmup: 1, Classes: 14, Device: scale.Device, Model: model));
        log?.Invoke($"{scale.Name}: {model.Frames}x{model.ImageSize}x{model.ImageSize} clips, {model.Tubelet}x{model.Patch}x{model.Patch} cubes ({model.Grid.Tokens} tokens), {model.Name} width {model.Dim} depth {model.Depth}, batch {batch}");
        log?.Invoke($"training consumes: pre-training {train.Pretrain.ClipsPerSecond:F1} clips/s, fine-tuning {train.Finetune.ClipsPerSecond:F1} clips/s");
        var rates = new List<StreamRate>();
        void Measure(string setting, TargetNeeds needs, string flow, ITarget? target)
        {
            var protocol = ScaleData.ProtocolFor(recipe with { Data = recipe.Data with { Flow = flow } }, scale) with { Workers = 0 };
            var extra = target is null ? 0 : ClipSourceRequest.ExtraFlowFramesFor(target, model.Grid, recipe.Data.Stride);
            var request = new ClipSourceRequest("train", needs, model.Grid, 0, Kit.Torch.Device.CPU, new ViewSpec(), Labelled: false, target);
            using var source = new SynthStreamSource(protocol, request, trainOnStream: true, recipe.Data.Stride, extra);
            // Rendering happens as the enumerator moves (no background workers here), so the clock runs around it.
            var watch = new Stopwatch();
            var clips = 0L;
            using var batchesOf = source.Epoch(0, batch).GetEnumerator();
            for (var n = 0; n <= batches; n++)
            {
                if (n == 1) watch.Start(); // the first batch warms caches up
                if (!batchesOf.MoveNext()) break;
                using var scope = NewDisposeScope();
                using var b = batchesOf.Current;
                if (target is not null) foreach (var part in target.Compute(b, model.Grid)) part.Dispose();
                if (n > 0) clips += b.BatchSize;
            }
            watch.Stop();
            var rate = clips / watch.Elapsed.TotalSeconds;
            rates.Add(new StreamRate(setting, rate, rate / train.Pretrain.ClipsPerSecond));
            log?.Invoke($"  {setting,-40} {rate,8:F1} clips/s  ({rate / train.Pretrain.ClipsPerSecond:F2}x pre-training's consumption)");
        }
        var ctx = new TargetContext(model.Grid, model.Channels, recipe.Data.Stride);
        Measure("clip", TargetNeeds.None, "oracle", null);
        Measure("clip+raw+oracle flow", TargetNeeds.RawFrames | TargetNeeds.Flow, "oracle", null);
        Measure("clip+raw+DIS flow", TargetNeeds.RawFrames | TargetNeeds.Flow, "dis", null);
        foreach (var (name, flow) in new[] { ("frame+motion", "oracle"), ("trajectory", "oracle"), ("trajectory", "dis") })
        {
            var target = TargetRegistry.Create(new TargetSpec(name, null), ctx);
            Measure($"{name} target ({flow} flow)", target.Needs, flow, target);
        }
        return new StreamBenchResult(scale.Name, new ModelConfigSummary(model.Name, model.Frames, model.ImageSize, model.Tubelet, model.Patch, model.Grid.Tokens, model.Dim, model.Depth),
            batch, train.Pretrain.ClipsPerSecond, train.Finetune.ClipsPerSecond, rates);
    }
}
