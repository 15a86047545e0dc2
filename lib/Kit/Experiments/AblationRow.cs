namespace Kit.Experiments;

/// <summary>One row of an ablation table: its label, the recipe it runs and what the papers report for it.</summary>
/// <param name="Label">Setting as the paper names it, e.g. "L=6" or "HOG+MBH".</param>
/// <param name="Recipe">The full recipe (the table's base recipe with this row's changes), at paper scale.</param>
/// <param name="Paper">The papers' figures; the first is the primary one, others are other versions' figures.</param>
/// <param name="Group">Rows are compared only within their group (e.g. "K400 800e"); "" = one group.</param>
/// <param name="X">Position on a sweep's x axis (L, stride, ratio), for tables drawn as lines.</param>
public sealed record AblationRow(
    string Label,
    Recipe Recipe,
    IReadOnlyList<PaperFigure> Paper,
    string Group = "",
    double? X = null)
{
    /// <summary>The primary figure, or null when the paper gives none for this row.</summary>
    public PaperFigure? Primary => Paper.Count > 0 ? Paper[0] : null;

    /// <summary>The figure of a paper version, falling back to the primary one.</summary>
    public PaperFigure? Figure(string version) => Paper.FirstOrDefault(f => f.Version == version) ?? Primary;
}
