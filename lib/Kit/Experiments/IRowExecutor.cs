namespace Kit.Experiments;

/// <summary>
/// Runs one ablation row at one seed: pre-training, then fine-tuning and evaluation, the linear probe, or nothing
/// more (loss-only rows), as <see cref="Recipe.Evaluation"/> says. The runner knows only this interface; the trainer
/// implements it. Implementations must be deterministic given the recipe and seed, honour the cancellation token
/// (throw <see cref="OperationCanceledException"/>), and report progress as they go.
/// </summary>
public interface IRowExecutor
{
    /// <summary>Name of the device the executor trains on ("cpu", "cuda:0"), recorded with each result.</summary>
    string Device { get; }

    /// <summary>Runs one row.</summary>
    /// <param name="recipe">The resolved recipe (the scale's sizes already applied).</param>
    /// <param name="scale">The scale, for anything beyond the recipe (device, dataset manifest).</param>
    /// <param name="seed">Seed for every random choice of the run.</param>
    /// <param name="cancellation">Stops the run; the executor throws OperationCanceledException.</param>
    /// <param name="progress">Phase and step updates, or null.</param>
    RowMeasurement Run(Recipe recipe, Scale scale, int seed, CancellationToken cancellation, IProgress<RowProgress>? progress);
}

/// <summary>An executor's progress inside one row.</summary>
/// <param name="Phase">"pretrain", "finetune", "probe" or "evaluate".</param>
/// <param name="Step">Steps done in this phase.</param>
/// <param name="Steps">Steps in this phase.</param>
/// <param name="Loss">Latest training loss, when there is one.</param>
public sealed record RowProgress(string Phase, int Step, int Steps, double? Loss = null);

/// <summary>Wall-clock seconds spent in each phase of a row.</summary>
public sealed record RowTimings(double PretrainSeconds = 0, double FinetuneSeconds = 0, double EvaluateSeconds = 0)
{
    /// <summary>Sum of the phases.</summary>
    public double TotalSeconds => PretrainSeconds + FinetuneSeconds + EvaluateSeconds;
}

/// <summary>What one row at one seed measured.</summary>
/// <param name="Top1">Top-1 accuracy in percent (fine-tune or linear probe); null for loss-only rows.</param>
/// <param name="Top5">Top-5 accuracy in percent, when measured.</param>
/// <param name="PretrainLoss">Final pre-training loss (mean over the last steps), when pre-training ran.</param>
/// <param name="Timings">Seconds per phase.</param>
public sealed record RowMeasurement(double? Top1, double? Top5, double? PretrainLoss, RowTimings Timings)
{
    /// <summary>The value the row's measurement kind asks for; throws naming the kind when the executor did not report it.</summary>
    public double Value(MeasurementKind kind) => (kind switch
    {
        MeasurementKind.FinetuneTop1 or MeasurementKind.LinearProbeTop1 => Top1,
        MeasurementKind.PretrainLoss => PretrainLoss,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown measurement kind"),
    }) ?? throw new InvalidDataException($"The measurement has no value for {kind} (top-1 {Top1?.ToString() ?? "none"}, loss {PretrainLoss?.ToString() ?? "none"}).");
}
