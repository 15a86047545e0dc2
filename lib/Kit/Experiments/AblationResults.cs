using System.Globalization;
using Kit.Display;
using Kit.Display.Plotly;

namespace Kit.Experiments;

/// <summary>
/// The results of one table run: per-row statistics beside the paper's figures, the paper's orderings checked
/// against them, and the chart, table, summary and files a notebook or the CLI shows.
/// </summary>
/// <param name="Ablation">The ablation table.</param>
/// <param name="Scale">The scale it ran at.</param>
/// <param name="Seeds">Seeds per row.</param>
/// <param name="Rows">Per-row results, in the table's order.</param>
/// <param name="Problems">Stored files that could not be read (named) and were run again.</param>
/// <param name="StoreRoot">Root directory of the results store.</param>
public sealed record AblationResults(
    AblationTable Ablation, Scale Scale, int Seeds, IReadOnlyList<RowResult> Rows, IReadOnlyList<string> Problems, string StoreRoot)
    : IMimeRenderable
{
    /// <summary>Every ordering the paper implies, checked against the measured means (computed on each call, so a
    /// <c>with</c> copy never carries stale checks).</summary>
    public IReadOnlyList<ClaimCheck> Checks => Ablation.Claims().Select(c => ClaimCheck.Evaluate(c, Rows)).ToList();

    /// <summary>A row's results by label.</summary>
    public RowResult Row(string label) =>
        Rows.FirstOrDefault(r => r.Label == label) ?? throw new KeyNotFoundException($"No row '{label}' in the results of {Ablation.Id}.");

    /// <summary>The summary paragraph, computed from the checks (never fixed text about the outcome).</summary>
    public string Summary() => ResultsSummary.Write(this);

    /// <summary>The chart of the first measurement kind: measured vs paper, bars with error bars or a line for sweeps.</summary>
    public Figure Chart() => Charts()[0];

    /// <summary>One chart per measurement kind the table uses.</summary>
    public IReadOnlyList<Figure> Charts() => Ablation.Kinds.Select(k => ResultsChart.For(this, k)).ToList();

    /// <summary>The results table: setting, paper figures, measured mean, spread, range, per-seed values, wall time.</summary>
    public Kit.Display.Table Table()
    {
        var table = new Kit.Display.Table("setting", "measure", "paper", "paper top-5", "other versions", "measured mean",
            "std", "min", "max", "per seed", "top-5 mean", "wall s") { Title = $"{Ablation.Id}: {Ablation.Title} ({Scale.Name} scale)" };
        foreach (var r in Rows)
            table.AddRow(r.Label, EvaluationRecipe.AxisLabel(r.Kind), Round(r.PaperValue), Round(r.PaperTop5), OtherVersions(r.Row),
                Round(r.Stats.Mean), Round(r.Stats.Std), Round(r.Stats.Min), Round(r.Stats.Max),
                string.Join(", ", r.Seeds.Select(s => s.Value.ToString("0.###", CultureInfo.InvariantCulture))),
                Round(r.Top5Mean), Math.Round(r.WallSeconds, 1));
        return table;
    }

    /// <summary>Writes DIR/results.json, then DIR/report.html (chart, table and summary, plotly.js inlined).</summary>
    /// <returns>The two paths.</returns>
    public (string Json, string Html) WriteOutputs(string dir)
    {
        Directory.CreateDirectory(dir);
        var json = Path.Combine(dir, "results.json");
        Kit.Torch.AtomicFile.WriteAllText(json, ResultsJson.Write(this));
        var html = Path.Combine(dir, "report.html");
        Kit.Torch.AtomicFile.WriteAllText(html, ResultsReport.Build(this).ToString());
        return (json, html);
    }

    /// <summary>Charts, table and summary in one output (a notebook cell ending in <c>results</c>).</summary>
    public MimeBundle ToMimeBundle()
    {
        var summary = Summary();
        var html = string.Concat(Charts().Select(c => c.ToHtml())) + Table().ToHtml()
            + "<p>" + System.Net.WebUtility.HtmlEncode(summary) + "</p>";
        return new MimeBundle(Table() + "\n" + summary).With(MimeBundle.Html, html);
    }

    /// <summary>The table and the summary as text.</summary>
    public override string ToString() => Table() + "\n" + Summary();

    private static double? Round(double? v) => v is { } x && double.IsFinite(x) ? Math.Round(x, 3) : null;

    private static string OtherVersions(AblationRow row) =>
        string.Join("; ", row.Paper.Skip(1).Select(f => f.Value is { } v ? $"{f.Source}: {v.ToString(CultureInfo.InvariantCulture)}" : f.Source));
}
