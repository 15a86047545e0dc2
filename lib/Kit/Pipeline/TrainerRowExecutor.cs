using System.Diagnostics;
using Kit.Data;
using Kit.Experiments;
using Kit.Masking;
using Kit.Targets;
using Kit.Training;
using Kit.Torch;

namespace Kit.Pipeline;

/// <summary>
/// Runs one ablation row with the kit's trainers: pre-training with the recipe's target and mask on the scale's data,
/// then fine-tuning and multi-view evaluation, a linear probe, or nothing more (loss-only rows). Run folders live under
/// <paramref name="workDir"/> (one per recipe and seed), and each phase resumes from its checkpoint, so an interrupted
/// row continues where it stopped.
/// </summary>
public sealed class TrainerRowExecutor(string workDir, string device = "auto") : IRowExecutor
{
    private readonly Kit.Torch.Device resolved = Kit.Torch.Device.Parse(device);

    public string Device => resolved.ToString();

    /// <summary>Bumped whenever the executor trains differently for the same recipe, so stale run folders are not resumed.</summary>
    public const int Version = 5;

    /// <summary>Test views per video at evaluation: 2 clips x 1 crop below paper scale, VideoMAE's SSv2 2 x 3 at paper scale.</summary>
    public static ViewSpec ViewsFor(Scale scale) => scale.Name == "paper" ? new ViewSpec(2, 3) : scale.Name == "smoke" ? new ViewSpec(1, 1) : new ViewSpec(2, 1);

    public RowMeasurement Run(Recipe recipe, Scale scale, int seed, CancellationToken cancellation, IProgress<RowProgress>? progress)
    {
        if (recipe.Data.Dataset == SynthProtocol.DatasetName)
            return new StreamRowExecutor(workDir, resolved).Run(recipe, scale, seed, cancellation, progress);
        var model = RecipeMapping.Model(recipe);
        var grid = model.Grid;
        var stride = recipe.Data.Stride;
        var target = TargetRegistry.Create(RecipeMapping.Target(recipe.Target), new TargetContext(grid, model.Channels, stride));
        var mask = MaskRegistry.Create(RecipeMapping.Mask(recipe.Mask, grid));
        var splits = ScaleData.Splits(recipe, scale) with
        {
            Stride = stride,
            Flow = new FlowConfig(Method: recipe.Data.Flow switch
            {
                null => ScaleData.FlowMethodFor(scale),
                "oracle" => throw new ArgumentException($"data.flow 'oracle': the exact flow exists only on the synthetic protocol, not on dataset '{recipe.Data.Dataset}'; use tvl1, farneback or dis"),
                var f => FlowConfig.ParseMethod(f),
            }, Compensate: RecipeMapping.CompensateCamera(recipe)),
            // Trajectories of the last cube run past the clip's span: the batch carries those frames and their flow too.
            ExtraFlowFrames = ClipSourceRequest.ExtraFlowFramesFor(target, grid, stride),
        };
        IClipSource Source(ClipSourceRequest r, bool pretraining)
        {
            IClipSource s = new DatasetClipSource(splits, r);
            return pretraining && recipe.Data.Order != TemporalOrder.Original ? new TemporalOrderSource(s, recipe.Data.Order, r.Seed) : s;
        }

        var runDir = Path.Combine(workDir, $"{StoredResult.KeyOf(recipe, scale)[..16]}-v{Version}-seed{seed}");
        var (steps, batch) = (recipe.Pretrain.Steps ?? 0, recipe.Pretrain.BatchSize ?? 8);
        if (steps < 1) throw new ArgumentException("pretrain.steps: the scale must set pre-training steps (paper-scale epochs need a dataset size)");
        var pretrain = new PretrainConfig(model, new ComponentConfig("dataset"), new ComponentConfig(recipe.Target.Name), new ComponentConfig(recipe.Mask.Name),
            Loss: RecipeMapping.Loss(recipe),
            Optim: new OptimizerConfig(BaseLr: recipe.Pretrain.BaseLearningRate * LrBoost(scale, Recipes.VideoMae.Pretrain.BaseLearningRate, CpuPeakPretrainLr, batch)),
            Steps: steps, BatchSize: batch, Seed: (ulong)seed, Device: Device, CheckpointEvery: Math.Max(50, steps / 4), LogEvery: Math.Max(1, Math.Min(10, steps / 10)));

        var watch = Stopwatch.StartNew();
        double pretrainLoss, pretrainSeconds;
        using (var source = Source(new ClipSourceRequest("train", target.Needs | mask.Needs, grid, (ulong)seed, resolved, new ViewSpec(), Labelled: false), pretraining: true))
        using (var trainer = new Pretrainer(pretrain, target, mask, source, Path.Combine(runDir, "pretrain")))
        {
            var result = trainer.Run(resume: true, cancellation, Report(progress, "pretrain"));
            if (result.Cancelled) throw new OperationCanceledException(cancellation);
            // Mean of the last logged losses: one step's loss is noisy at small batch sizes.
            var tail = result.Log.TakeLast(5).Select(p => p.Loss).ToList();
            pretrainLoss = tail.Count > 0 ? tail.Average() : result.LastLoss;
            pretrainSeconds = result.Seconds; // earlier runs of a resumed or shared folder included
        }
        if (recipe.Evaluation.Kind == MeasurementKind.PretrainLoss)
            return new RowMeasurement(null, null, pretrainLoss, new RowTimings(pretrainSeconds));

        var probe = recipe.Evaluation.Kind == MeasurementKind.LinearProbeTop1;
        var finetune = FinetuneFor(recipe, scale, probe) with
        {
            Data = new ComponentConfig("dataset"),
            From = Path.Combine(runDir, "pretrain", "checkpoint.pt"),
            Seed = (ulong)seed,
            Device = Device,
        };
        watch.Restart();
        using var tuner = new Finetuner(finetune, r => Source(r, pretraining: false), Path.Combine(runDir, probe ? "probe" : "finetune"));
        var (train, eval) = tuner.Run(resume: true, cancellation, Report(progress, probe ? "probe" : "finetune"));
        if (train.Cancelled) throw new OperationCanceledException(cancellation);
        var total = watch.Elapsed.TotalSeconds;
        return new RowMeasurement(eval.Top1 * 100, eval.Top5 * 100, pretrainLoss, new RowTimings(pretrainSeconds, train.Seconds, Math.Max(0, total - train.Seconds)));
    }

    /// <summary>
    /// The fine-tuning (or linear-probe) settings a resolved recipe trains with at a scale; the caller adds the data,
    /// the initial encoder, seed and device. The trainer's fine-tuning (or probe) defaults (<see cref="FinetuneConfig"/>:
    /// AdamW (0.9, 0.999), weight decay 0.05, layer decay 0.75, warm-up 10 % of the steps, drop path 0.1, label
    /// smoothing 0.1) with the recipe's base learning rate per 256 clips (raised below paper scale: <see cref="LrBoost"/>),
    /// the recipe's steps and batch (8 when the scale sets none) or, where the scale sets no steps (paper), its epochs
    /// (steps then follow the training set's size), the scale's test views, and mixup 0.8 / cutmix 1.0 at paper scale only.
    /// </summary>
    public static FinetuneConfig FinetuneFor(Recipe recipe, Scale scale, bool probe)
    {
        var batch = recipe.Finetune.BatchSize ?? 8;
        var defaults = probe ? FinetuneConfig.ProbeDefault : FinetuneConfig.Default;
        return defaults with
        {
            Steps = recipe.Finetune.Steps ?? defaults.Steps,
            Epochs = recipe.Finetune.Steps is null ? recipe.Finetune.Epochs : null,
            BatchSize = batch,
            EvalViews = ViewsFor(scale),
            Optim = (probe ? FinetuneConfig.ProbeOptim : FinetuneConfig.FinetuneOptim) with
            {
                BaseLr = recipe.Finetune.BaseLearningRate * LrBoost(scale, Recipes.VideoMae.Finetune.BaseLearningRate, probe ? CpuPeakProbeLr : CpuPeakFinetuneLr, batch),
            },
            // Mixup and cutmix regularise hundreds of epochs; in a few hundred CPU steps they only keep the loss up.
            Mixup = scale.Name == Scale.Paper.Name ? null : new MixupConfig(0, 0, 0),
        };
    }

    /// <summary>Peak learning rates of the CPU scales (batch 8, a few hundred steps), measured to learn (see Kit.Training's CLI defaults).</summary>
    public const double CpuPeakPretrainLr = 5e-4, CpuPeakFinetuneLr = 1e-3, CpuPeakProbeLr = 1e-2;

    /// <summary>
    /// Factor on a recipe's base learning rate. At paper scale 1: lr = base x batch / 256, as the papers. Below it, the
    /// papers' rates (tuned for hundreds of epochs at batch 256-2048) give a peak of about 5e-5 at batch 8, which leaves a
    /// 150-step pre-training at loss 1.0 (predicting the mean); the factor makes the papers' default base rate reach the
    /// CPU peak, and keeps the ratio of any other base rate a table sets.
    /// </summary>
    public static double LrBoost(Scale scale, double paperBase, double cpuPeak, int batch) =>
        scale.Name == Scale.Paper.Name ? 1 : cpuPeak / (paperBase * batch / 256.0);

    /// <summary>A trainer's progress as the row's, tagged with its phase (reported on the trainer's thread, in order).</summary>
    internal static IProgress<TrainProgress>? Report(IProgress<RowProgress>? progress, string phase) =>
        progress is null ? null : new ForwardProgress(p => progress.Report(new RowProgress(phase, p.Step, p.TotalSteps, p.Loss)));

    /// <summary>Reports on the caller's thread, in order (System.Progress posts to the thread pool, which reorders).</summary>
    private sealed class ForwardProgress(Action<TrainProgress> report) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => report(value);
    }
}
