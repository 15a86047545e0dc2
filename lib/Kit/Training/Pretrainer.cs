using System.Text.Json.Nodes;
using Kit.Masking;
using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// Masked video pre-training with whatever target and mask it is handed: per step, the target is computed from the
/// batch and the mask generated (both on the batch's device), the model predicts the masked tokens, and
/// <see cref="ReconstructionLoss"/> scores them. Writes checkpoint.pt, metrics.jsonl and summary.json in its folder.
/// During <see cref="Run"/>, on a machine with more than two cores, each batch's target and its mask's random-free
/// preparation (MGMAE's flows) are computed on a background thread while the step before it trains
/// (<see cref="BatchPrefetch"/>; <see cref="TargetsAhead"/> chooses), with the same numbers.
/// </summary>
public sealed class Pretrainer : IDisposable
{
    private readonly PretrainConfig config;
    private readonly ITarget target;
    private readonly IMaskGenerator mask;
    private readonly IClipSource source;
    private readonly RunFiles files;
    private readonly Device device;
    private BatchPrefetch? prefetch;

    public Pretrainer(PretrainConfig config, ITarget target, IMaskGenerator mask, IClipSource source, string outDir)
    {
        config.Validate();
        this.config = config;
        this.target = target;
        this.mask = mask;
        this.source = source;
        files = new RunFiles(outDir);
        device = Kit.Torch.Device.Parse(config.Device);
        manual_seed(config.Seed);
        Model = new MaskedVideoModel(config.Model, target.Parts);
        Model.to(device);
        var o = config.OptimOrDefault;
        Optimizer = optim.AdamW(ParamGroups.Build(Model, o.WeightDecay), o.PeakLr(config.BatchSize), o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
    }

    public MaskedVideoModel Model { get; }
    public Kit.Torch.Optim.AdamW Optimizer { get; }
    public RunFiles Files => files;

    /// <summary>Compute each batch's target (and mask preparation) on a background thread during the step before it.
    /// Default: only with more than two cores. On two (`./kit bench targets --loop-rounds 5`) every target cost the step
    /// more computed ahead than in the step (trajectory +21 % against +10 %, frame + motion +17 % against +8 %): the
    /// extra thread takes a core from a step whose two threads wait on each other. More cores are not measured.</summary>
    public bool TargetsAhead { get; init; } = Environment.ProcessorCount > 2;

    /// <summary>Full resolved config as JSON (saved with checkpoints and the summary).</summary>
    public JsonObject ConfigNode => ConfigJson.ToNode(config);

    /// <summary>Trains to config.Steps (resuming from this folder's checkpoint when <paramref name="resume"/>).</summary>
    /// <param name="cancel">Stops at the next step (checkpoint saved); when none is given, interrupting the notebook
    /// cell that called this stops it (<see cref="Kit.Display.Cell.Or"/>).</param>
    public TrainResult Run(bool resume = false, CancellationToken cancel = default, IProgress<TrainProgress>? progress = null)
    {
        cancel = Kit.Display.Cell.Or(cancel);
        var o = config.OptimOrDefault;
        var settings = new LoopSettings("pretrain", config.Steps, config.BatchSize, o.Accumulation, o.ClipGrad, config.CheckpointEvery, config.LogEvery, LrSchedule.From(o, config.BatchSize, config.Steps),
            Precision.Parse(config.Precision), config.Seed);
        TrainResult result;
        using (var ahead = TargetsAhead ? new BatchPrefetch(target, config.Model.Grid, mask) : null)
        {
            prefetch = ahead;
            try
            {
                var loopSource = ahead is null ? source : new PrefetchingClipSource(source, ahead);
                var loop = new TrainLoop(settings, Model, Optimizer, loopSource, files, ConfigNode);
                result = loop.Run((batch, _) => Step(batch), resume, cancel, progress);
            }
            finally
            {
                prefetch = null;
            }
        }
        var visible = config.Model.Grid.Tokens - (int)Math.Round(mask.Ratio * config.Model.Grid.Tokens);
        files.WriteSummary(new JsonObject
        {
            ["phase"] = "pretrain",
            ["step"] = result.Step,
            ["completed"] = !result.Cancelled,
            ["final_loss"] = RunFiles.Number(result.LastLoss),
            ["seconds"] = result.Seconds,
            ["parameters"] = Model.num_parameters(),
            ["encoder_gflops_per_clip"] = Model.Encoder.Flops(visible) / 1e9,
            ["decoder_gflops_per_clip"] = Model.Decoder.Flops(visible) / 1e9,
            ["target"] = target.Name,
            ["mask"] = mask.Name,
            ["config"] = ConfigNode,
        });
        return result;
    }

    /// <summary>Forward pass and loss of one micro-batch: target and mask computed from the batch, on its device (the
    /// target taken from the background thread when <see cref="Run"/> queued it there).</summary>
    public (Tensor Loss, IReadOnlyDictionary<string, Tensor> Parts) Step(Kit.Data.ClipBatch batch)
    {
        using var scope = NewDisposeScope();
        var grid = config.Model.Grid;
        using var prepared = prefetch?.Take(batch);
        var parts = prepared?.Parts ?? target.Compute(batch, grid);
        using var m = mask.Generate(batch, grid, prepared?.Mask);
        var predictions = Model.forward(batch.Clip.to(device), m);
        var (loss, perPart) = ReconstructionLoss.Compute(predictions, parts, MaskedVideoModel.MaskedIndices(m.Mask), config.LossOrDefault);
        if (prepared is null) foreach (var p in parts) p.Dispose();
        var named = new Dictionary<string, Tensor>();
        for (var i = 0; i < perPart.Length; i++) named["loss_" + target.Parts[i].Name] = scope.MoveToOuter(perPart[i]);
        return (scope.MoveToOuter(loss), named);
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
    }
}
