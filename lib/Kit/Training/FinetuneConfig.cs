using Kit.Model;

namespace Kit.Training;

/// <summary>
/// Supervised fine-tuning (or, with <see cref="Probe"/>, a linear probe on the frozen encoder) and its final multi-view
/// evaluation. Defaults follow VideoMAE/MME fine-tuning: layer decay 0.75, drop path 0.1, mixup 0.8, cutmix 1.0, label
/// smoothing 0.1, AdamW (0.9, 0.999), weight decay 0.05.
/// </summary>
/// <param name="From">pre-training checkpoint whose encoder initialises the model (and whose model config is used); null trains from scratch with <paramref name="Model"/>.</param>
/// <param name="Init">a VideoMAE-family release .pth (pre-trained or fine-tuned) whose encoder weights initialise the model
/// (<see cref="OfficialCheckpoint"/>); the model is <paramref name="Model"/> when given, else the preset of the file's shape.</param>
/// <param name="Model">model when not starting from a checkpoint (its DropPath is replaced by <paramref name="DropPath"/>).</param>
/// <param name="EvalViews">clips x crops per test video.</param>
/// <param name="Precision">fp32, tf32, bf16 or fp16 (<see cref="Training.Precision"/>); checkpoints are float32 in every mode.</param>
/// <param name="Epochs">passes over the training set; when set, <paramref name="Steps"/> is replaced by Epochs x the
/// training set's full batches (<see cref="ResolveSteps"/>), which the run's saved config records. Null: train
/// <paramref name="Steps"/> steps.</param>
public sealed record FinetuneConfig(
    ComponentConfig Data,
    string? From = null,
    ModelConfig? Model = null,
    OptimizerConfig? Optim = null,
    MixupConfig? Mixup = null,
    double LabelSmoothing = 0.1,
    double DropPath = 0.1,
    double HeadDropout = 0.0,
    bool Probe = false,
    int Steps = 200,
    int BatchSize = 8,
    ulong Seed = 0,
    string Device = "auto",
    ViewSpec? EvalViews = null,
    int EvalBatchSize = 8,
    int CheckpointEvery = 100,
    int LogEvery = 10,
    string? Init = null,
    string Precision = "fp32",
    int? Epochs = null)
{
    public OptimizerConfig OptimOrDefault => Optim ?? (Probe ? ProbeOptim : FinetuneOptim);
    public MixupConfig MixupOrDefault => Mixup ?? (Probe ? new MixupConfig(0, 0, 0) : new MixupConfig());
    public ViewSpec EvalViewsOrDefault => EvalViews ?? new ViewSpec();

    public static OptimizerConfig FinetuneOptim => new(BaseLr: 1e-3, MinLr: 1e-6, WarmupFraction: 0.1, Beta1: 0.9, Beta2: 0.999, WeightDecay: 0.05, LayerDecay: 0.75);
    public static OptimizerConfig ProbeOptim => new(BaseLr: 1e-2, MinLr: 0, WarmupFraction: 0.1, Beta1: 0.9, Beta2: 0.999, WeightDecay: 0.0, LayerDecay: 1.0);

    public static FinetuneConfig Default => new(new ComponentConfig("synthetic"));
    public static FinetuneConfig ProbeDefault => new(new ComponentConfig("synthetic"), Probe: true, LabelSmoothing: 0, DropPath: 0);

    public string Phase => Probe ? "probe" : "finetune";

    public void Validate()
    {
        if (Data is null || string.IsNullOrEmpty(Data.Name)) throw new ArgumentException("data.name: missing");
        if (From is null && Init is null && Model is null) throw new ArgumentException("from: give a pre-training checkpoint (or init: a release .pth), or set model to train from scratch");
        if (From is not null && Init is not null) throw new ArgumentException($"from ('{From}') and init ('{Init}') both give the initial encoder: use one");
        OptimOrDefault.Validate();
        MixupOrDefault.Validate();
        if (LabelSmoothing is < 0 or >= 1) throw new ArgumentException($"labelSmoothing must be in [0, 1), got {LabelSmoothing}");
        if (DropPath is < 0 or >= 1) throw new ArgumentException($"dropPath must be in [0, 1), got {DropPath}");
        if (HeadDropout is < 0 or >= 1) throw new ArgumentException($"headDropout must be in [0, 1), got {HeadDropout}");
        if (Steps < 1) throw new ArgumentException($"steps must be at least 1, got {Steps}");
        if (Epochs < 1) throw new ArgumentException($"epochs must be at least 1 or null, got {Epochs}");
        if (BatchSize < 1 || EvalBatchSize < 1) throw new ArgumentException($"batchSize and evalBatchSize must be at least 1, got {BatchSize} and {EvalBatchSize}");
        if (EvalViewsOrDefault is { Clips: < 1 } or { Crops: < 1 }) throw new ArgumentException("evalViews.clips and evalViews.crops must be at least 1");
        if (CheckpointEvery < 1 || LogEvery < 1) throw new ArgumentException("checkpointEvery and logEvery must be at least 1");
        var device = Kit.Torch.Device.Parse(Device);
        Training.Precision.Parse(Precision).Validate(device);
    }

    /// <summary>This config with <see cref="Steps"/> = <see cref="Epochs"/> x the full batches of <paramref name="train"/>
    /// per epoch when Epochs is set; unchanged otherwise.</summary>
    public FinetuneConfig ResolveSteps(IClipSource train)
    {
        if (Epochs is not { } epochs) return this;
        if (train.Unlimited)
            throw new ArgumentException($"epochs: data '{Data.Name}' is an unlimited stream without epochs; set steps instead (--set steps=N), or train on a fixed set");
        var perEpoch = train.BatchesPerEpoch(BatchSize);
        if (perEpoch < 1) throw new ArgumentException($"epochs: data '{Data.Name}' holds no full batch of {BatchSize} clips; lower batchSize or add data");
        var steps = (long)epochs * perEpoch;
        if (steps > int.MaxValue) throw new ArgumentException($"epochs: {epochs} epochs of {perEpoch} batches are more steps than a run can count ({steps})");
        return this with { Steps = (int)steps };
    }
}
