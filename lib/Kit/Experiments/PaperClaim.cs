namespace Kit.Experiments;

/// <summary>The relation a paper states or its numbers imply between rows.</summary>
public enum ClaimKind
{
    /// <summary>Row A's value is higher than row B's.</summary>
    Greater,

    /// <summary>Rows A and B are about equal.</summary>
    Close,

    /// <summary>Row A has the highest value of its group.</summary>
    Highest,
}

/// <summary>
/// An ordering the paper implies, checked against the measured means. Most are derived from the paper's figures
/// (<see cref="AblationTable.Claims"/>); tables whose paper gives words rather than numbers (MME Fig. 3, MGMAE Fig. 3)
/// declare them.
/// </summary>
/// <param name="Kind">Greater, close, or highest in the group.</param>
/// <param name="A">Row label.</param>
/// <param name="B">Other row label (null for <see cref="ClaimKind.Highest"/>).</param>
/// <param name="Source">Where it comes from, e.g. "MME T5" or "M3V T4".</param>
/// <param name="PaperGap">Paper's value of A minus B (or of A minus the runner-up), when numeric.</param>
public sealed record PaperClaim(ClaimKind Kind, string A, string? B, string Source, double? PaperGap = null)
{
    /// <summary>"Traj > Pixel", "L=6 ≈ L=8", "L=6 highest".</summary>
    public override string ToString() => Kind switch
    {
        ClaimKind.Greater => $"{A} > {B}",
        ClaimKind.Close => $"{A} ≈ {B}",
        _ => $"{A} highest",
    };
}
