namespace Kit.Experiments;

/// <summary>Mean and spread of one row's values over seeds.</summary>
/// <param name="Count">Number of seeds.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (n - 1); NaN with fewer than two seeds.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public sealed record SeedStatistics(int Count, double Mean, double Std, double Min, double Max)
{
    /// <summary>Statistics of <paramref name="values"/>; throws when there are none.</summary>
    public static SeedStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("Statistics need at least one value.", nameof(values));
        var mean = values.Average();
        var std = values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new SeedStatistics(values.Count, mean, std, values.Min(), values.Max());
    }

    /// <summary>True when there are at least two seeds, so the spread is measured.</summary>
    public bool HasSpread => Count >= 2;
}
