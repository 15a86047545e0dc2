using System.Diagnostics;

namespace Kit.Experiments;

/// <summary>
/// Runs an ablation table: every row at every seed through an <see cref="IRowExecutor"/>, reusing what the results
/// store already holds, storing each result as soon as it exists, and reporting progress. Seeds go in the outer loop,
/// so an interrupted run has the whole table at the first seed before it has any row at the second.
/// <code>
/// var results = await Runner.RunAsync(Ablations.Get("mme-t5"), Scale.Default, progress: new RunProgressBar());
/// results.Chart().Display(); results.Table().Display(); results.Summary()
/// </code>
/// </summary>
public static class Runner
{
    /// <summary>Runs (or loads) the table's rows and returns the aggregated results.</summary>
    /// <param name="cancellation">Stops the run; when none is given, interrupting the notebook cell that called this
    /// stops it (<see cref="Kit.Display.Cell.Or"/>).</param>
    /// <exception cref="OperationCanceledException">When cancelled; results finished before are in the store.</exception>
    public static async Task<AblationResults> RunAsync(AblationTable table, Scale scale, RunOptions? options = null,
        IProgress<RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        cancellation = Kit.Display.Cell.Or(cancellation);
        options ??= new RunOptions();
        scale.Validate();
        var seeds = options.Seeds ?? scale.DefaultSeeds;
        if (seeds <= 0) throw new ArgumentOutOfRangeException(nameof(options), seeds, "Seeds must be positive.");
        var executor = options.Executor ?? RowExecutors.Default;
        var store = new ResultStore(options.StoreDir ?? Path.Combine("runs", $"{table.Id}-{scale.Name}"));
        var resolved = table.Rows.Select(r => scale.Resolve(r.Recipe, table.Base)).ToList();
        var keys = resolved.Select(r => StoredResult.KeyOf(r, scale)).ToList();
        var perRow = table.Rows.Select(_ => new List<SeedResult>()).ToList();
        var problems = new List<string>();
        var total = table.Rows.Count * seeds;
        var done = 0;

        for (var seed = 0; seed < seeds; seed++)
            for (var i = 0; i < table.Rows.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var row = table.Rows[i];
                var kind = row.Recipe.Evaluation.Kind;
                var lookup = store.Lookup(table.Id, keys[i], seed);
                if (lookup is { Status: LookupStatus.Found, Result: { } stored })
                {
                    perRow[i].Add(ToSeed(stored, kind, reused: true));
                    progress?.Report(new RunProgress(RunEvent.Reused, table.Id, row.Label, seed, ++done, total, stored.Measurement.Value(kind)));
                    continue;
                }
                if (lookup.Status == LookupStatus.Corrupt)
                {
                    problems.Add(lookup.Problem!);
                    progress?.Report(new RunProgress(RunEvent.Corrupt, table.Id, row.Label, seed, done, total, Message: lookup.Problem));
                }
                progress?.Report(new RunProgress(RunEvent.Started, table.Id, row.Label, seed, done, total));
                var result = await RunOne(table, row, resolved[i], keys[i], scale, seed, executor, progress, done, total, cancellation);
                store.Save(result);
                perRow[i].Add(ToSeed(result, kind, reused: false));
                progress?.Report(new RunProgress(RunEvent.Finished, table.Id, row.Label, seed, ++done, total, result.Measurement.Value(kind)));
            }

        var rows = table.Rows.Select((r, i) => new RowResult(r, r.Recipe.Evaluation.Kind, table.PaperValue(r), r.Primary?.Top5, perRow[i])).ToList();
        var results = new AblationResults(table, scale, seeds, rows, problems, store.Root);
        if (table.Id == Tables.SanityTable.Id) SanityFigures.From(results).Over(SanityFigures.Load(scale)).Save(); // every other table's summary opens with them
        return results;
    }

    private static async Task<StoredResult> RunOne(AblationTable table, AblationRow row, Recipe recipe, string key, Scale scale,
        int seed, IRowExecutor executor, IProgress<RunProgress>? progress, int done, int total, CancellationToken cancellation)
    {
        var steps = progress is null ? null
            : new Relay<RowProgress>(p => progress.Report(new RunProgress(RunEvent.Step, table.Id, row.Label, seed, done, total, Step: p)));
        var clock = Stopwatch.StartNew();
        RowMeasurement measurement;
        try
        {
            measurement = await Task.Run(() => executor.Run(recipe, scale, seed, cancellation, steps), cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Ablation {table.Id}, row '{row.Label}', seed {seed} failed: {e.Message}", e);
        }
        clock.Stop();
        measurement.Value(row.Recipe.Evaluation.Kind); // a measurement without the row's value is an executor bug: fail before storing it
        // A row whose training another table (or an interrupted run) already did is only reloaded: its wall time is the
        // training's, as the executor reports it, not the second the reload took.
        return new StoredResult(table.Id, row.Label, key, seed, recipe, scale, StoredResult.CurrentKitVersion,
            HardwareInfo.Current(executor.Device), DateTime.UtcNow, measurement, Math.Max(clock.Elapsed.TotalSeconds, measurement.Timings.TotalSeconds));
    }

    private static SeedResult ToSeed(StoredResult stored, MeasurementKind kind, bool reused) =>
        new(stored.Seed, stored.Measurement.Value(kind), stored.Measurement.Top5, stored.WallSeconds, reused, stored);

    /// <summary>Reports synchronously on the executor's thread (Progress&lt;T&gt; would post and reorder events).</summary>
    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
