namespace Kit.Experiments;

/// <summary>
/// One figure a paper reports for a row. <see cref="Value"/> is in the row's measurement (top-1 %, or loss); where a
/// paper only gives a change relative to the table's reference row, <see cref="Delta"/> holds it instead.
/// </summary>
/// <param name="Version">Which paper (version) reports it: "MME", "M3V", "MMAE", "MG".</param>
/// <param name="Source">Table or figure, e.g. "MME T5".</param>
/// <param name="Value">Top-1 % (or the loss for loss rows).</param>
/// <param name="Top5">Top-5 % where given.</param>
/// <param name="Delta">Change relative to the table's reference row, where the paper reports only that.</param>
/// <param name="Speedup">Training speed-up relative to the reference row (MME ablation speed-up table).</param>
/// <param name="Note">Anything else the paper gives (GFLOPs, GPU hours).</param>
public sealed record PaperFigure(
    string Version,
    string Source,
    double? Value = null,
    double? Top5 = null,
    double? Delta = null,
    double? Speedup = null,
    string? Note = null);
