using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.Masking;
using Kit.Model;
using Kit.Targets;
using Kit.Training;
using Kit.Training.Probes;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Pipeline;

/// <summary>
/// One ablation row on the synthetic protocol (<see cref="SynthProtocol"/>): pre-training on the unlimited stream
/// (skipped when the recipe has no pre-training epochs), then, on the encoder it left (or a randomly initialised one),
/// a linear probe and k-NN on frozen pooled features of the labelled set, and — for fine-tuning rows — fine-tuning on
/// the labelled set or the stream, after which the encoder fine-tuning left is probed the same way. Every accuracy is
/// on the held-out test set. The pre-training folder is keyed by what pre-training depends on, so a table's probe,
/// k-NN and fine-tuning rows of one pre-training share it.
/// </summary>
public sealed class StreamRowExecutor(string workDir, Kit.Torch.Device device)
{
    /// <summary>Bumped whenever rows train differently for the same recipe, so stale run folders are not resumed.</summary>
    public const int Version = 1;

    /// <summary>Clips per batch when extracting features (no gradients: larger than a training batch).</summary>
    private const int FeatureBatch = 64;

    public RowMeasurement Run(Recipe recipe, Scale scale, int seed, CancellationToken cancellation, IProgress<RowProgress>? progress)
    {
        var protocol = ScaleData.ProtocolFor(recipe, scale);
        var model = RecipeMapping.Model(recipe);
        var grid = model.Grid;
        var stride = recipe.Data.Stride;

        // 1. Pre-training on the stream.
        string? checkpoint = null;
        double? pretrainLoss = null;
        var pretrainSeconds = 0.0;
        var pretrainSteps = recipe.Pretrain.Steps ?? throw new ArgumentException("pretrain.steps: the scale must set pre-training steps");
        if (pretrainSteps > 0)
        {
            var target = TargetRegistry.Create(RecipeMapping.Target(recipe.Target), new TargetContext(grid, model.Channels, stride));
            var mask = MaskRegistry.Create(RecipeMapping.Mask(recipe.Mask, grid));
            var extra = ClipSourceRequest.ExtraFlowFramesFor(target, grid, stride);
            var batch = recipe.Pretrain.BatchSize ?? 8;
            var config = new PretrainConfig(model, new ComponentConfig(SynthProtocol.DatasetName), new ComponentConfig(recipe.Target.Name), new ComponentConfig(recipe.Mask.Name),
                Loss: RecipeMapping.Loss(recipe),
                Optim: new OptimizerConfig(BaseLr: recipe.Pretrain.BaseLearningRate * TrainerRowExecutor.LrBoost(scale, Recipes.VideoMae.Pretrain.BaseLearningRate, scale.PretrainPeakLr, batch)),
                Steps: pretrainSteps, BatchSize: batch, Seed: (ulong)seed, Device: device.ToString(),
                CheckpointEvery: Math.Max(25, pretrainSteps / 4), LogEvery: Math.Max(1, Math.Min(10, pretrainSteps / 10)));
            var dir = Path.Combine(workDir, $"stream-pretrain-{PretrainKey(recipe, scale)[..16]}-v{Version}-seed{seed}");
            var request = new ClipSourceRequest("train", target.Needs | mask.Needs, grid, (ulong)seed, device, new ViewSpec(), Labelled: false, target);
            IClipSource source = new SynthStreamSource(protocol, request, trainOnStream: true, stride, extra);
            if (recipe.Data.Order != TemporalOrder.Original) source = new TemporalOrderSource(source, recipe.Data.Order, (ulong)seed);
            using (source)
            using (var trainer = new Pretrainer(config, target, mask, source, dir))
            {
                var result = trainer.Run(resume: true, cancellation, TrainerRowExecutor.Report(progress, "pretrain"));
                if (result.Cancelled) throw new OperationCanceledException(cancellation);
                var tail = result.Log.TakeLast(5).Select(p => p.Loss).ToList();
                pretrainLoss = tail.Count > 0 ? tail.Average() : ReadLastLoss(trainer.Files) ?? result.LastLoss;
                pretrainSeconds = result.Seconds; // the earlier runs of a shared or resumed pre-training included
            }
            checkpoint = Path.Combine(dir, "checkpoint.pt");
        }
        if (recipe.Evaluation.Kind == MeasurementKind.PretrainLoss)
            return new RowMeasurement(null, null, pretrainLoss, new RowTimings(pretrainSeconds));

        // 2. Frozen features of the labelled and test sets: linear probe and k-NN, on the encoder pre-training left (or a
        //    randomly initialised one: the probe's floor).
        cancellation.ThrowIfCancellationRequested();
        double probeTop1, knnTop1, probeSeconds;
        using (var encoder = FrozenEncoder(model, checkpoint, seed))
            (probeTop1, knnTop1, probeSeconds) = Probe(encoder, protocol, grid, stride, seed, progress);
        if (recipe.Evaluation.Kind is MeasurementKind.LinearProbeTop1 or MeasurementKind.KnnTop1)
            return new RowMeasurement(null, null, pretrainLoss, new RowTimings(pretrainSeconds, 0, probeSeconds)) { ProbeTop1 = probeTop1, KnnTop1 = knnTop1 };

        // 3. Fine-tuning (from the pre-trained encoder, or from scratch) on the labelled set or the stream.
        cancellation.ThrowIfCancellationRequested();
        var onStream = recipe.Finetune.Data == FinetuneRecipe.Stream;
        var fromScratch = checkpoint is null;
        var finetuneBatch = recipe.Finetune.BatchSize ?? 8;
        var finetuneSteps = recipe.Finetune.Steps ?? throw new ArgumentException("finetune.steps: the scale must set fine-tuning steps");
        var optim = FinetuneConfig.FinetuneOptim with
        {
            BaseLr = recipe.Finetune.BaseLearningRate * TrainerRowExecutor.LrBoost(scale, Recipes.VideoMae.Finetune.BaseLearningRate, scale.FinetunePeakLr, finetuneBatch),
            // Layer decay shrinks the lower layers' rates to keep what pre-training put there; from scratch there is nothing to keep.
            LayerDecay = fromScratch ? 1.0 : FinetuneConfig.FinetuneOptim.LayerDecay,
        };
        var finetune = FinetuneConfig.Default with
        {
            Data = new ComponentConfig(SynthProtocol.DatasetName),
            From = checkpoint,
            Model = fromScratch ? model : null,
            Steps = finetuneSteps,
            BatchSize = finetuneBatch,
            EvalBatchSize = FeatureBatch,
            Seed = (ulong)seed,
            Device = device.ToString(),
            EvalViews = new ViewSpec(),
            Optim = optim,
            // Mixup and cutmix regularise hundreds of epochs; below paper scale they only keep the loss up.
            Mixup = new MixupConfig(0, 0, 0),
            CheckpointEvery = Math.Max(25, finetuneSteps / 4),
            LogEvery = Math.Max(1, Math.Min(10, finetuneSteps / 10)),
        };
        var watch = Stopwatch.StartNew();
        var dir2 = Path.Combine(workDir, $"stream-{StoredResult.KeyOf(recipe, scale)[..16]}-v{Version}-seed{seed}", "finetune");
        // The trainer evaluates on "val": rows report the held-out test set.
        IClipSource Source(ClipSourceRequest r) => new SynthStreamSource(protocol, r.Split == "val" ? r with { Split = "test" } : r, trainOnStream: onStream, stride);
        using var tuner = new Finetuner(finetune, Source, dir2);
        var (trainResult, eval) = tuner.Run(resume: true, cancellation, TrainerRowExecutor.Report(progress, "finetune"));
        if (trainResult.Cancelled) throw new OperationCanceledException(cancellation);
        var evalSeconds = Math.Max(0, watch.Elapsed.TotalSeconds - trainResult.Seconds);
        // The same probe on the encoder fine-tuning left: from scratch on the stream, what a probe reads when the
        // features do hold the classes (the ceiling the pre-trained rows' probes are read against).
        cancellation.ThrowIfCancellationRequested();
        var (tunedProbe, tunedKnn, tunedSeconds) = Probe(tuner.Model.Encoder, protocol, grid, stride, seed, progress);
        return new RowMeasurement(eval.Top1 * 100, eval.Top5 * 100, pretrainLoss, new RowTimings(pretrainSeconds, trainResult.Seconds, probeSeconds + evalSeconds + tunedSeconds))
        { ProbeTop1 = probeTop1, KnnTop1 = knnTop1, FinetunedProbeTop1 = tunedProbe, FinetunedKnnTop1 = tunedKnn };
    }

    /// <summary>Mean of the last logged losses in a finished run's metrics.jsonl (a reloaded run logs nothing new).</summary>
    private static double? ReadLastLoss(RunFiles files)
    {
        if (!File.Exists(files.Metrics)) return null;
        var losses = File.ReadAllLines(files.Metrics).Where(l => l.Length > 0)
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)?["loss"]?.GetValue<double>()).Where(v => v is not null).Select(v => v!.Value).TakeLast(5).ToList();
        return losses.Count > 0 ? losses.Average() : null;
    }

    /// <summary>Hash of what pre-training depends on (data, model, target, mask, pre-training settings, scale).</summary>
    public static string PretrainKey(Recipe recipe, Scale scale) =>
        CanonicalJson.Hash(new { data = recipe.Data, model = recipe.Model, target = recipe.Target, mask = recipe.Mask, pretrain = recipe.Pretrain, scale = scale with { DefaultSeeds = 0 } });

    /// <summary>Linear probe and k-NN top-1 % (held-out test clips) on <paramref name="encoder"/>'s frozen pooled
    /// features of the labelled set, and the seconds they took.</summary>
    private (double Probe, double Knn, double Seconds) Probe(VideoEncoder encoder, SynthProtocol protocol, Kit.Data.TokenGrid grid, int stride, int seed, IProgress<RowProgress>? progress)
    {
        var watch = Stopwatch.StartNew();
        progress?.Report(new RowProgress("features", 0, 1, double.NaN));
        using var train = Features(encoder, protocol, grid, stride, "train", seed);
        using var test = Features(encoder, protocol, grid, stride, "test", seed);
        var probe = LinearProbe.Fit(train, test, protocol.Stream.Classes, seed: (ulong)seed) * 100;
        var knn = KnnProbe.Score(train, test, protocol.Stream.Classes) * 100;
        progress?.Report(new RowProgress("features", 1, 1, double.NaN));
        return (probe, knn, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The pre-trained encoder of <paramref name="checkpoint"/>, or a randomly initialised one (seeded).</summary>
    private VideoEncoder FrozenEncoder(ModelConfig model, string? checkpoint, int seed)
    {
        manual_seed((ulong)seed);
        var encoder = new VideoEncoder(model);
        if (checkpoint is not null)
        {
            using var ck = Checkpoint.Load(checkpoint);
            encoder.load_state_dict(ck.Section("model.encoder."));
        }
        encoder.to(device);
        return encoder;
    }

    private FrozenFeatures Features(VideoEncoder encoder, SynthProtocol protocol, Kit.Data.TokenGrid grid, int stride, string split, int seed)
    {
        var request = new ClipSourceRequest(split, TargetNeeds.None, grid, (ulong)seed, device, new ViewSpec(), Labelled: true);
        using var source = new SynthStreamSource(protocol, request, trainOnStream: false, stride);
        return FrozenFeatures.Extract(encoder, source.All(FeatureBatch), device);
    }
}
