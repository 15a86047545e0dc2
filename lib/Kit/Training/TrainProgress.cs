namespace Kit.Training;

/// <summary>
/// One progress event (a logged step): what the CLI prints, metrics.jsonl stores, and notebooks draw as a progress bar
/// and loss curve.
/// </summary>
/// <param name="Phase">"pretrain", "finetune", "probe" or "eval".</param>
/// <param name="Step">optimiser steps completed.</param>
/// <param name="Parts">per-part losses (pre-training) or other named metrics.</param>
public sealed record TrainProgress(
    string Phase,
    int Step,
    int TotalSteps,
    double Loss,
    double Lr,
    double StepsPerSecond,
    double ClipsPerSecond,
    double ElapsedSeconds,
    double EtaSeconds,
    IReadOnlyDictionary<string, double> Parts)
{
    public override string ToString() =>
        $"{Phase} {Step}/{TotalSteps} loss {Loss:F4} lr {Lr:E2} {ClipsPerSecond:F1} clips/s eta {TimeSpan.FromSeconds(Math.Round(EtaSeconds)):c}" +
        string.Concat(Parts.Select(p => $" {p.Key} {p.Value:F4}"));
}
