namespace Kit.Experiments;

/// <summary>Wall-clock seconds spent in each phase of a row.</summary>
public sealed record RowTimings(double PretrainSeconds = 0, double FinetuneSeconds = 0, double EvaluateSeconds = 0)
{
    /// <summary>Sum of the phases.</summary>
    public double TotalSeconds => PretrainSeconds + FinetuneSeconds + EvaluateSeconds;
}
