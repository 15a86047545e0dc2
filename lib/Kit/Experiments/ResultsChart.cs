using Kit.Display.Plotly;

namespace Kit.Experiments;

/// <summary>
/// Charts of a table run: grouped bars of the paper's value and the measured mean (error bars: sample std over
/// seeds) per row, or, for sweeps (trajectory length, stride, ratio), lines of paper and measured mean against the
/// swept value with every seed's value as a point.
/// </summary>
internal static class ResultsChart
{
    public static Figure For(AblationResults results, MeasurementKind kind)
    {
        var table = results.Ablation;
        var rows = results.Rows.Where(r => r.Kind == kind).ToList();
        var figure = new Figure($"{table.Id}: {table.Title} — measured ({results.Scale.Name} scale) vs paper")
            .YAxis(EvaluationRecipe.AxisLabel(kind));
        // Guessing's top-1 beside every accuracy: a bar near it is not evidence of anything.
        var chance = kind is MeasurementKind.PretrainLoss ? null : ResultsSummary.ChanceTop1(results.Scale);
        return table.SweepAxis is { } axis && rows.All(r => r.Row.X is not null)
            ? Sweep(figure.XAxis(axis), rows, chance)
            : Bars(figure, rows, results.Seeds, chance);
    }

    private static string ChanceName(double chance) => $"chance ({chance:0.0} %)";

    private static Figure Bars(Figure figure, IReadOnlyList<RowResult> rows, int seeds, double? chance)
    {
        var labels = rows.Select(r => r.Label).ToList();
        var paper = new BarSeries("paper", rows.Select(r => r.PaperValue ?? double.NaN).ToList());
        var measured = new BarSeries(seeds >= 2 ? $"measured (mean ± std over {seeds} seeds)" : "measured (1 seed)",
            rows.Select(r => r.Stats.Mean).ToList(),
            rows.Select(r => r.Stats.HasSpread ? r.Stats.Std : 0).ToList());
        BarSeries[] series = chance is { } c ? [paper, measured, new BarSeries(ChanceName(c), rows.Select(_ => c).ToList())] : [paper, measured];
        return figure.XAxis("setting", "category").GroupedBar(labels, series);
    }

    private static Figure Sweep(Figure figure, IReadOnlyList<RowResult> rows, double? chance)
    {
        if (chance is { } c)
        {
            var xs = rows.Select(r => r.Row.X!.Value).ToList();
            figure.Line([xs.Min(), xs.Max()], [c, c], ChanceName(c), markers: false);
        }
        foreach (var group in rows.GroupBy(r => r.Row.Group))
        {
            var suffix = group.Key.Length == 0 ? "" : $" ({group.Key})";
            var ordered = group.OrderBy(r => r.Row.X).ToList();
            var withPaper = ordered.Where(r => r.PaperValue is not null).ToList();
            if (withPaper.Count > 0)
                figure.Line(withPaper.Select(r => r.Row.X!.Value), withPaper.Select(r => r.PaperValue!.Value), "paper" + suffix);
            figure.Line(ordered.Select(r => r.Row.X!.Value), ordered.Select(r => r.Stats.Mean), "measured mean" + suffix);
            var seeds = ordered.SelectMany(r => r.Seeds.Select(s => (X: r.Row.X!.Value, s.Value))).ToList();
            figure.Scatter(seeds.Select(s => s.X), seeds.Select(s => s.Value), "measured, each seed" + suffix);
        }
        return figure;
    }
}
