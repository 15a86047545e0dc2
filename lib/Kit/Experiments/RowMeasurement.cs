namespace Kit.Experiments;

/// <summary>What one row at one seed measured.</summary>
/// <param name="Top1">Top-1 accuracy in percent (fine-tune or linear probe); null for loss-only rows.</param>
/// <param name="Top5">Top-5 accuracy in percent, when measured.</param>
/// <param name="PretrainLoss">Final pre-training loss (mean over the last steps), when pre-training ran.</param>
/// <param name="Timings">Seconds per phase.</param>
public sealed record RowMeasurement(double? Top1, double? Top5, double? PretrainLoss, RowTimings Timings)
{
    /// <summary>Linear-probe top-1 % on frozen pooled features (synthetic protocol: measured for every row beside its
    /// own value), when measured.</summary>
    public double? ProbeTop1 { get; init; }

    /// <summary>k-NN top-1 % on frozen pooled features, when measured.</summary>
    public double? KnnTop1 { get; init; }

    /// <summary>Fine-tuning rows (synthetic protocol): the same linear probe on the encoder fine-tuning left. From
    /// scratch on the stream it is what a probe reads when the features hold the classes. Null in results stored
    /// before it was measured.</summary>
    public double? FinetunedProbeTop1 { get; init; }

    /// <summary>Fine-tuning rows: k-NN top-1 % on the encoder fine-tuning left, when measured.</summary>
    public double? FinetunedKnnTop1 { get; init; }

    /// <summary>The value the row's measurement kind asks for; throws naming the kind when the executor did not report it.</summary>
    public double Value(MeasurementKind kind) => (kind switch
    {
        MeasurementKind.FinetuneTop1 => Top1,
        MeasurementKind.LinearProbeTop1 => Top1 ?? ProbeTop1,
        MeasurementKind.KnnTop1 => KnnTop1,
        MeasurementKind.PretrainLoss => PretrainLoss,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown measurement kind"),
    }) ?? throw new InvalidDataException($"The measurement has no value for {kind} (top-1 {Top1?.ToString() ?? "none"}, loss {PretrainLoss?.ToString() ?? "none"}).");
}
