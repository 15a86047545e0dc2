using Kit.Experiments;

namespace Kit.Tests.Experiments;

/// <summary>
/// A deterministic stand-in for the trainer: the value of a row is <c>value(recipe) + noise(seed)</c>, so tests
/// control the orderings and spreads. Counts its calls; can block until cancelled or throw.
/// </summary>
public sealed class FakeRowExecutor(Func<Recipe, int, double> value) : IRowExecutor
{
    private int _calls;

    /// <summary>Value from the recipe's mask ratio and target name, plus 0.1 per seed.</summary>
    public FakeRowExecutor() : this((r, seed) => 50 + 10 * (r.Mask["ratio"] is { } s ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 0)
        + r.Target.Name.Length + 0.1 * seed) { }

    public string Device => "fake";

    public int Calls => _calls;

    public List<(string Target, int Seed)> Log { get; } = [];

    /// <summary>Called inside each run before it finishes (e.g. to cancel mid-row).</summary>
    public Action<Recipe, int>? During { get; set; }

    /// <summary>Throws this instead of measuring, when set.</summary>
    public Exception? Failure { get; set; }

    public RowMeasurement Run(Recipe recipe, Scale scale, int seed, CancellationToken cancellation, IProgress<RowProgress>? progress)
    {
        cancellation.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        lock (Log) Log.Add((recipe.Target.Name, seed));
        if (Failure is not null) throw Failure;
        var steps = recipe.Pretrain.Steps ?? 1;
        for (var i = 1; i <= steps; i++) progress?.Report(new RowProgress("pretrain", i, steps, 1.0 / i));
        During?.Invoke(recipe, seed);
        cancellation.ThrowIfCancellationRequested(); // a real trainer checks between steps
        var v = value(recipe, seed);
        return recipe.Evaluation.Kind == MeasurementKind.PretrainLoss
            ? new RowMeasurement(null, null, v, new RowTimings(PretrainSeconds: 0.01))
            : new RowMeasurement(v, Math.Min(100, v + 20), 0.5, new RowTimings(0.01, 0.02, 0.005)) { ProbeTop1 = v, KnnTop1 = v };
    }
}
