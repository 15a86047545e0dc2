namespace Kit.Experiments;

/// <summary>One row's results over seeds beside the paper's figures.</summary>
/// <param name="Row">The table row.</param>
/// <param name="Kind">What was measured.</param>
/// <param name="PaperValue">The paper's primary value (resolved from a delta where needed), or null.</param>
/// <param name="PaperTop5">The paper's top-5, or null.</param>
/// <param name="Seeds">Per-seed results, by seed.</param>
public sealed record RowResult(AblationRow Row, MeasurementKind Kind, double? PaperValue, double? PaperTop5, IReadOnlyList<SeedResult> Seeds)
{
    /// <summary>Mean and spread of the measured value.</summary>
    public SeedStatistics Stats => SeedStatistics.Of(Seeds.Select(s => s.Value).ToList());

    /// <summary>Mean top-5 over the seeds that report it, or null.</summary>
    public double? Top5Mean => Seeds.Where(s => s.Top5 is not null).Select(s => s.Top5!.Value).DefaultIfEmpty(double.NaN).Average() is var m && double.IsFinite(m) ? m : null;

    /// <summary>Total wall time over seeds (including stored runs' original times).</summary>
    public double WallSeconds => Seeds.Sum(s => s.WallSeconds);

    /// <summary>Row label.</summary>
    public string Label => Row.Label;
}
