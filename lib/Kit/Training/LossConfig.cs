using System.Text.Json.Serialization;

namespace Kit.Training;

/// <summary>Element-wise reconstruction loss (MotionMAE Table 5f compares them).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LossKind>))]
public enum LossKind
{
    Mse,
    L1,
    SmoothL1,
}

/// <summary>
/// How predictions are scored against target parts. Each part's loss is the mean over feature values and over the
/// masked tokens that its validity mask keeps; parts are combined as sum_p w_p L_p / sum_p w_p (so equal weights give
/// MME's (trajectory + HOG) / 2, and "frame": 1, "motion": 2 is MotionMAE's 1:2 ratio).
/// </summary>
/// <param name="PartWeights">weight per part name; parts not listed weigh 1.</param>
public sealed record LossConfig(LossKind Kind = LossKind.Mse, double SmoothL1Beta = 1.0, Dictionary<string, double>? PartWeights = null)
{
    public double WeightOf(string part)
    {
        var w = PartWeights is not null && PartWeights.TryGetValue(part, out var v) ? v : 1.0;
        if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException($"loss.partWeights.{part} must be a finite non-negative number, got {w}");
        return w;
    }
}
