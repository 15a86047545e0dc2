namespace Kit.Experiments;

/// <summary>
/// A named ablation table: the question it asks, the base recipe, the rows that each change a few settings and the
/// papers' figures for each row. <see cref="Claims"/> lists the orderings the paper implies, which the runner's
/// summary checks against the measurements.
/// </summary>
/// <param name="Id">Short id, e.g. "mme-t5".</param>
/// <param name="Title">What varies, e.g. "reconstruction target".</param>
/// <param name="Source">Paper and table, e.g. "MME Table 5, M3Video Table 1".</param>
/// <param name="Question">What the table asks, in one or two sentences.</param>
/// <param name="Base">The recipe the rows change (paper scale).</param>
/// <param name="Rows">The rows, in the paper's order.</param>
public sealed record AblationTable(
    string Id,
    string Title,
    string Source,
    string Question,
    Recipe Base,
    IReadOnlyList<AblationRow> Rows)
{
    /// <summary>Label of the row that <see cref="PaperFigure.Delta"/> figures are relative to (null = none).</summary>
    public string? ReferenceRow { get; init; }

    /// <summary>X-axis title when the rows form a sweep (drawn as lines); null = grouped bars.</summary>
    public string? SweepAxis { get; init; }

    /// <summary>Orderings the paper states in words (no numbers to derive them from).</summary>
    public IReadOnlyList<PaperClaim> StatedClaims { get; init; } = [];

    /// <summary>Remarks on how the kit maps the paper's setting (shown in reports).</summary>
    public string? Note { get; init; }

    /// <summary>The measurement kinds the rows use, in order of first appearance.</summary>
    public IReadOnlyList<MeasurementKind> Kinds => Rows.Select(r => r.Recipe.Evaluation.Kind).Distinct().ToList();

    /// <summary>Names of the paper versions that report figures for the rows, the one most rows cite first.</summary>
    public IReadOnlyList<string> Versions => Rows.SelectMany(r => r.Paper).Select(f => f.Version).Distinct()
        .OrderByDescending(v => Rows.Count(r => r.Primary?.Version == v)).ToList();

    /// <summary>Each row with the settings it changes from <see cref="Base"/> (the recipe cell of a notebook).</summary>
    public Kit.Display.Table RecipeTable() => RecipeDiff.Table(this);

    /// <summary>
    /// The table with its fine-tuned rows measured by <paramref name="kind"/> instead: a linear probe or k-NN of the frozen
    /// encoder, seconds after pre-training where fine-tuning takes as long again. Pre-training is shared with the
    /// fine-tuned rows (its folder is keyed by what pre-training depends on). The papers' figures stay beside the rows and
    /// the note says they are fine-tuned accuracies.
    /// </summary>
    public AblationTable MeasuredBy(MeasurementKind kind)
    {
        if (kind is not (MeasurementKind.LinearProbeTop1 or MeasurementKind.KnnTop1 or MeasurementKind.FinetuneTop1))
            throw new ArgumentException($"a table can be measured by fine-tuning, a linear probe or k-NN, not {kind}");
        if (kind == MeasurementKind.FinetuneTop1) return this;
        var rows = Rows.Select(r => r.Recipe.Evaluation.Kind == MeasurementKind.FinetuneTop1
            ? r with { Recipe = r.Recipe with { Evaluation = new EvaluationRecipe(kind) } } : r).ToList();
        if (rows.SequenceEqual(Rows)) return this;
        var how = kind == MeasurementKind.LinearProbeTop1 ? "a linear probe" : "k-NN";
        var note = $"Measured by {how} of the frozen encoder instead of fine-tuning; the papers' figures beside the rows are fine-tuned accuracies.";
        return this with { Rows = rows, Note = Note is null ? note : Note + " " + note };
    }

    /// <summary>The table restricted to the rows with these labels (in the table's order); throws naming an unknown label.</summary>
    public AblationTable Only(IReadOnlyCollection<string> labels)
    {
        foreach (var label in labels) Row(label);
        var rows = Rows.Where(r => labels.Contains(r.Label)).ToList();
        return this with { Rows = rows, ReferenceRow = rows.Any(r => r.Label == ReferenceRow) ? ReferenceRow : null };
    }

    /// <summary>A row by label; throws listing the labels when unknown.</summary>
    public AblationRow Row(string label) =>
        Rows.FirstOrDefault(r => r.Label == label)
        ?? throw new KeyNotFoundException($"Table {Id} has no row '{label}' (rows: {string.Join(", ", Rows.Select(r => r.Label))}).");

    /// <summary>
    /// The paper's value for a row in one version (falling back to the primary figure): the figure's value, or the
    /// reference row's value plus the figure's delta; null when the paper gives neither.
    /// </summary>
    public double? PaperValue(AblationRow row, string? version = null)
    {
        var figure = version is null ? row.Primary : row.Figure(version);
        if (figure is null) return null;
        if (figure.Value is { } v) return v;
        if (figure.Delta is { } d && ReferenceRow is not null && row.Label != ReferenceRow)
            return PaperValue(Row(ReferenceRow), version) is { } reference ? reference + d : null;
        return null;
    }

    /// <summary>
    /// Orderings the paper implies: for each paper version and each group of rows, the highest row, and that row
    /// against every other (greater, or close when the figures are equal); then the stated claims. Duplicates
    /// (same relation between the same rows from another version) are listed once.
    /// </summary>
    public IReadOnlyList<PaperClaim> Claims()
    {
        var claims = new List<PaperClaim>();
        foreach (var version in Versions.DefaultIfEmpty(""))
            foreach (var group in Rows.GroupBy(r => (r.Group, r.Recipe.Evaluation.Kind)))
            {
                var v = version.Length == 0 ? null : version;
                var valued = group
                    .Select(r => (Row: r, Value: PaperValue(r, v), Figure: v is null ? r.Primary : r.Figure(v)))
                    .Where(x => x.Value is not null).Select(x => (x.Row, Value: x.Value!.Value, Source: x.Figure!.Source)).ToList();
                if (valued.Count < 2) continue;
                var best = valued.MaxBy(x => x.Value);
                var runnerUp = valued.Where(x => x.Row != best.Row).MaxBy(x => x.Value);
                if (runnerUp.Value < best.Value)
                    claims.Add(new PaperClaim(ClaimKind.Highest, best.Row.Label, null, Sources(valued.Select(x => x.Source)), Round(best.Value - runnerUp.Value)));
                foreach (var other in valued.Where(x => x.Row != best.Row))
                    claims.Add(other.Value == best.Value
                        ? new PaperClaim(ClaimKind.Close, best.Row.Label, other.Row.Label, Sources([best.Source, other.Source]), 0)
                        : new PaperClaim(ClaimKind.Greater, best.Row.Label, other.Row.Label, Sources([best.Source, other.Source]), Round(best.Value - other.Value)));
            }
        claims.AddRange(StatedClaims);
        return claims.DistinctBy(c => (c.Kind, c.A, c.B)).ToList();
    }

    /// <summary>The distinct sources of the figures a claim rests on, e.g. "MME T7, M3V T3".</summary>
    private static string Sources(IEnumerable<string> sources) => string.Join(", ", sources.Distinct());

    private static double Round(double gap) => Math.Round(gap, 4);
}
