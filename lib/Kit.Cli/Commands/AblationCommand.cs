using System.Globalization;
using Kit.Experiments;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit ablation ID --scale smoke|quick|cpu|gpu|paper [--device cpu|cuda|auto] [--rows "LABEL;LABEL"] [--scale-set key=value ...] [--seeds N] [--measure table|probe|knn] [--manifest PATH] [--threads N] --out DIR`: runs one ablation table
/// (reusing stored results in DIR), writes DIR/results.json and DIR/report.html and prints the summary.
/// `kit ablation --list` lists the tables. Ctrl+C stops after keeping every finished row; running again resumes.
/// </summary>
public sealed class AblationCommand : ICommand
{
    private readonly Func<IRowExecutor> _executor;
    private readonly TextWriter _out;

    /// <summary>The command as the CLI runs it: the registered executor, the console.</summary>
    public AblationCommand() : this(() => RowExecutors.Default, Console.Out) { }

    /// <summary>The command with an explicit executor source and output (tests).</summary>
    public AblationCommand(Func<IRowExecutor> executor, TextWriter output) => (_executor, _out) = (executor, output);

    public string Name => "ablation";
    public string Summary => "run an ablation table: ID --scale smoke|quick|cpu|gpu|paper [--device D] [--rows \"A;B\"] [--scale-set key=value] [--seeds N] --out DIR; --list";

    public CommandHelp Help => new(
        "ID [--scale smoke|quick|cpu|gpu|paper] [--device D] [--rows \"A;B\"] [--scale-set key=value ...] [--seeds N] [--measure table|probe|knn] [--out DIR] | --list",
        [
            new("list", null, null, "list the ablation tables and their IDs"),
            new("scale", "smoke|quick|cpu|gpu|paper", "quick", "run size: smoke (seconds a row, for tests), quick (a table in minutes on 2 cores: a demonstration), cpu (where the model learns on 2 cores: 15-45 min a row), gpu (one current GPU), paper (the paper's recipe; needs --manifest)", Sample: "smoke"),
            new("device", "cpu|cuda|auto", "the scale's", "where to train (every scale runs on any device)", Sample: "cpu"),
            new("rows", "\"LABEL;LABEL\"", "all", "run only these rows of the table", Sample: "Pixel"),
            new("scale-set", "key=value", null, "change one setting of the scale (repeatable), e.g. pretrainSteps=300, batchSize=64, cameraMotionChance=0", Sample: "pretrainSteps=3"),
            new("seeds", "N", "the scale's", "seeds per row", Sample: "2"),
            new("measure", "table|probe|knn", "table", "how fine-tuned rows are measured: as the table says, or by a linear probe / k-NN of the frozen encoder (minutes less a row; pre-training is shared with the fine-tuned rows)", Sample: "probe"),
            new("manifest", "FILE.tsv", null, "the dataset (a kit manifest) instead of the synthetic one", Sample: "m.tsv"),
            new("out", "DIR", "runs/ID-SCALE", "results.json, report.html and every finished row (kept; a rerun resumes)", Sample: "runs/x"),
            CommonOptions.Threads,
        ],
        ["./kit ablation --list", "./kit ablation sanity --scale quick --out runs/sanity-quick", "./kit ablation mme-t5 --scale smoke --out runs/t5-smoke"],
        "Start with `sanity` at the scale you use: it says whether the model learns the task there, and every other table's summary opens with it. Rows already stored in --out are reused, Ctrl+C keeps every finished row, and running the same command again resumes.");

    public int Run(Args args)
    {
        if (args.Flag("list"))
        {
            args.RejectUnknown();
            List();
            return 0;
        }
        var id = args.Positional.Count == 1 ? args.Positional[0]
            : throw new UsageException("expected one ablation ID (see `./kit ablation --list`)");
        var scale = ScaleFrom(args.String("scale", Scale.Quick.Name));
        if (args.Get("device") is { } device) scale = scale with { Device = device };
        // --scale-set key=value (repeatable): any field of the scale, e.g. pretrainSteps=300, batchSize=64, size=48.
        if (args.All("scale-set") is { Count: > 0 } sets)
        {
            try { scale = Kit.Training.ConfigJson.Load<Scale>(null, sets, scale, option: "--scale-set"); }
            catch (ArgumentException e) when (e.Message.StartsWith("--scale-set", StringComparison.Ordinal)) { throw new UsageException(e.Message); }
        }
        if (args.Get("manifest") is { } manifest) scale = scale with { Manifest = Path.GetFullPath(manifest) };
        int? seeds = args.Has("seeds") ? args.Int("seeds", 0) : null;
        if (seeds is <= 0) throw new UsageException($"--seeds expects a positive integer, got {seeds}");
        var outDir = Path.GetFullPath(args.String("out", Path.Combine("runs", $"{id}-{scale.Name}")));
        var rows = args.Get("rows")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var measure = args.String("measure", "table") switch
        {
            "table" => (MeasurementKind?)null,
            "probe" => MeasurementKind.LinearProbeTop1,
            "knn" => MeasurementKind.KnnTop1,
            var m => throw new UsageException($"--measure expects table, probe or knn, got '{m}'"),
        };
        PretrainShared.ApplyThreads(args);
        args.RejectUnknown();

        var table = Lookup(id);
        if (rows is not null) table = table.Only(rows);
        if (measure is { } kind) table = table.MeasuredBy(kind);
        scale.Validate();
        var executor = _executor();
        _out.WriteLine($"kit ablation {table.Id}: {table.Title} ({table.Source}), {table.Rows.Count} rows, {scale.Name} scale, "
            + $"{seeds ?? scale.DefaultSeeds} seed(s), executor on {executor.Device}; results in {outDir}");

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        AblationResults results;
        try
        {
            var progress = new LinePrinter(_out, Console.Error);
            results = Runner.RunAsync(table, scale, new RunOptions(seeds, outDir, executor), progress, cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            _out.WriteLine($"cancelled: finished rows are kept in {Path.Combine(outDir, "results", table.Id)}; run the same command again to resume.");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        _out.WriteLine(results.Table().ToString());
        _out.WriteLine(results.Summary());
        var (json, html) = results.WriteOutputs(outDir);
        _out.WriteLine($"wrote {json}");
        _out.WriteLine($"wrote {html}");
        return 0;
    }

    private void List()
    {
        var tables = Ablations.All;
        var width = tables.Max(t => t.Id.Length);
        foreach (var t in tables)
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Id.PadRight(width)}  {t.Rows.Count,2} rows  {t.Title} ({t.Source})"));
        _out.WriteLine($"{tables.Count} tables. Run one: ./kit ablation ID --scale smoke|quick|cpu|gpu|paper [--seeds N] [--measure probe] --out DIR");
    }

    private static AblationTable Lookup(string id)
    {
        try { return Ablations.Get(id); }
        catch (KeyNotFoundException e) { throw new UsageException(e.Message); }
    }

    private static Scale ScaleFrom(string name)
    {
        try { return Scale.Get(name); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
    }

    /// <summary>Prints a line per finished, reused or unreadable result (training steps are too many for a log) and,
    /// on stderr, when each row starts (with an estimate of the time left from the rows run so far) and where a
    /// running row is every 30 s, so a long table never goes silent.</summary>
    public sealed class LinePrinter(TextWriter output, TextWriter progress) : IProgress<RunProgress>
    {
        private readonly Lock gate = new();
        private readonly System.Diagnostics.Stopwatch sinceLine = System.Diagnostics.Stopwatch.StartNew();
        private readonly System.Diagnostics.Stopwatch row = new();
        private readonly List<double> rowSeconds = [];

        public void Report(RunProgress value)
        {
            lock (gate)
            {
                switch (value.Event)
                {
                    case RunEvent.Finished or RunEvent.Reused or RunEvent.Corrupt:
                        if (value.Event == RunEvent.Finished && row.IsRunning) rowSeconds.Add(row.Elapsed.TotalSeconds);
                        output.WriteLine("  " + value);
                        break;
                    case RunEvent.Started:
                        row.Restart();
                        var left = value.Total - value.Done;
                        var eta = rowSeconds.Count == 0 ? "" : $"; about {Minutes(rowSeconds.Average() * left)} left for the {left} row(s) to run";
                        progress.WriteLine($"  [{value.Done}/{value.Total}] {value.Row} seed {value.Seed}: started{eta}");
                        break;
                    case RunEvent.Step when sinceLine.Elapsed.TotalSeconds >= 30:
                        progress.WriteLine($"  [{value.Done}/{value.Total}] {value.Describe()} ({row.Elapsed.TotalSeconds:F0} s into the row)");
                        break;
                    default:
                        return;
                }
                sinceLine.Restart();
            }
        }

        private static string Minutes(double seconds) => seconds < 90 ? $"{seconds:F0} s" : $"{seconds / 60:F0} min";
    }
}
