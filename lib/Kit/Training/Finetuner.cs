using System.Text.Json.Nodes;
using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// Fine-tunes a <see cref="VideoClassifier"/> initialised from a pre-trained encoder (layer-wise lr decay, mixup and
/// cutmix across frames, label smoothing, drop path), or trains a linear probe on the frozen encoder, then evaluates
/// with multi-view testing. Writes checkpoint.pt, metrics.jsonl and summary.json (with accuracy and the confusion matrix).
/// </summary>
public sealed class Finetuner : IDisposable
{
    private readonly FinetuneConfig config;
    private readonly Func<ClipSourceRequest, IClipSource> sources;
    private readonly RunFiles files;
    private readonly Device device;
    private readonly IClipSource train;

    /// <param name="sources">builds the data source for a request (the CLI passes the registry; tests a fake).</param>
    public Finetuner(FinetuneConfig config, Func<ClipSourceRequest, IClipSource> sources, string outDir)
    {
        config.Validate();
        this.config = config;
        this.sources = sources;
        files = new RunFiles(outDir);
        device = Kit.Torch.Device.Parse(config.Device);
        manual_seed(config.Seed);
        ModelConfig = ResolveModel(config) with { DropPath = config.Probe ? 0 : config.DropPath };
        train = sources(new ClipSourceRequest("train", TargetNeeds.None, ModelConfig.Grid, config.Seed, device, new ViewSpec(), Labelled: true));
        try
        {
            this.config = config = config.ResolveSteps(train);
        }
        catch
        {
            train.Dispose();
            throw;
        }
        Model = new VideoClassifier(ModelConfig, train.Classes, config.HeadDropout, config.Probe);
        if (config.From is not null)
        {
            using var ck = Checkpoint.Load(config.From);
            Model.Encoder.load_state_dict(ck.Section("model.encoder."));
        }
        if (config.Init is not null) InitReport = OfficialCheckpoint.Load(config.Init, Model.Encoder);
        Model.to(device);
        if (config.Probe)
            foreach (var p in Model.Encoder.parameters()) p.requires_grad = false;
        var o = config.OptimOrDefault;
        var depth = ModelConfig.Depth;
        var groups = ParamGroups.Build(Model, o.WeightDecay, o.LayerDecay < 1 ? n => LayerDecay.LayerOf(n, depth) : null, depth, o.LayerDecay);
        Optimizer = optim.AdamW(groups, o.PeakLr(config.BatchSize), o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
    }

    public ModelConfig ModelConfig { get; }
    public VideoClassifier Model { get; }

    /// <summary>The config this run trains with: the given one, its steps resolved from <see cref="FinetuneConfig.Epochs"/> when set.</summary>
    public FinetuneConfig Config => config;

    /// <summary>What <see cref="FinetuneConfig.Init"/> loaded into the encoder (null without it).</summary>
    public OfficialLoadReport? InitReport { get; }
    public Kit.Torch.Optim.AdamW Optimizer { get; }

    /// <summary>The model config of a pre-training checkpoint, or the given one.</summary>
    public static ModelConfig ResolveModel(FinetuneConfig c)
    {
        if (c.Init is not null) return OfficialCheckpoint.InferModel(c.Init, c.Model);
        if (c.From is null) return c.Model!;
        using var ck = Checkpoint.Load(c.From);
        if (ck.Kind != "pretrain") throw new ArgumentException($"from: '{c.From}' is a {ck.Kind} checkpoint, expected a pretrain checkpoint");
        var node = ck.Config["model"] as JsonObject ?? throw new InvalidDataException($"checkpoint '{c.From}' has no model config");
        return ConfigJson.FromNode<ModelConfig>(node);
    }

    public JsonObject ConfigNode
    {
        get
        {
            var n = ConfigJson.ToNode(config);
            n["resolvedModel"] = ConfigJson.ToNode(ModelConfig);
            return n;
        }
    }

    /// <param name="cancel">Stops training at the next step (checkpoint saved) or evaluation at the next batch; when
    /// none is given, interrupting the notebook cell that called this stops it (<see cref="Kit.Display.Cell.Or"/>).</param>
    public (TrainResult Train, EvalResult Eval) Run(bool resume = false, CancellationToken cancel = default, IProgress<TrainProgress>? progress = null)
    {
        cancel = Kit.Display.Cell.Or(cancel);
        var o = config.OptimOrDefault;
        var settings = new LoopSettings(config.Phase, config.Steps, config.BatchSize, o.Accumulation, o.ClipGrad, config.CheckpointEvery, config.LogEvery, LrSchedule.From(o, config.BatchSize, config.Steps),
            Precision.Parse(config.Precision), config.Seed);
        var loop = new TrainLoop(settings, Model, Optimizer, train, files, ConfigNode);
        var result = loop.Run((batch, _) => Step(batch), resume, cancel, progress);
        EvalResult? eval = null;
        if (!result.Cancelled)
        {
            using var test = sources(new ClipSourceRequest("val", TargetNeeds.None, ModelConfig.Grid, config.Seed, device, config.EvalViewsOrDefault, Labelled: true));
            eval = Evaluator.Evaluate(Model, test, config.EvalViewsOrDefault, config.EvalBatchSize, device, cancel);
        }
        files.WriteSummary(new JsonObject
        {
            ["phase"] = config.Phase,
            ["step"] = result.Step,
            ["completed"] = !result.Cancelled,
            ["final_loss"] = RunFiles.Number(result.LastLoss),
            ["seconds"] = result.Seconds,
            ["top1"] = eval?.Top1,
            ["top5"] = eval?.Top5,
            ["eval_videos"] = eval?.Videos,
            ["eval_views"] = eval?.Views,
            ["confusion"] = eval is null ? null : new JsonArray(eval.Confusion.Select(r => (JsonNode)new JsonArray(r.Select(v => (JsonNode)v).ToArray())).ToArray()),
            ["gflops_per_clip"] = Model.Flops() / 1e9,
            ["config"] = ConfigNode,
        });
        return (result, eval!);
    }

    /// <summary>Loss of one labelled micro-batch (mixup/cutmix and label smoothing applied).</summary>
    public (Tensor Loss, IReadOnlyDictionary<string, Tensor> Parts) Step(Kit.Data.ClipBatch batch)
    {
        using var scope = NewDisposeScope();
        if (batch.Labels is null) throw new InvalidOperationException("fine-tuning needs labelled data, but the source gave a batch without labels");
        if (config.Probe) Model.Encoder.eval();
        var (clip, targets, _) = Mixup.Apply(batch.Clip.to(device), batch.Labels.to(device), Model.Classes, config.LabelSmoothing, config.MixupOrDefault);
        var logits = Model.forward(clip);
        var loss = nn.functional.cross_entropy(logits, targets);
        return (scope.MoveToOuter(loss), new Dictionary<string, Tensor>());
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
        train.Dispose();
    }
}
