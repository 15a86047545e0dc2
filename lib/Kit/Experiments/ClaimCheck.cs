namespace Kit.Experiments;

/// <summary>Whether the measurements reproduce a paper claim.</summary>
public enum Verdict
{
    /// <summary>The measured means order the rows as the paper does.</summary>
    Reproduced,

    /// <summary>The measured means order them otherwise.</summary>
    NotReproduced,

    /// <summary>Cannot be judged (a row was not measured, or closeness with a single seed).</summary>
    Undetermined,
}

/// <summary>One paper claim checked against measured means.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Verdict">Reproduced, not reproduced, or undetermined.</param>
/// <param name="MeasuredGap">Measured mean of A minus B (for Highest: A minus the best other row).</param>
/// <param name="Spread">Larger sample std over seeds of the two rows; null with a single seed.</param>
/// <param name="MeasuredHighest">For Highest claims: the row the measurements put highest.</param>
/// <param name="Reason">Why it is undetermined.</param>
public sealed record ClaimCheck(PaperClaim Claim, Verdict Verdict, double? MeasuredGap, double? Spread, string? MeasuredHighest = null, string? Reason = null)
{
    /// <summary>True when the measured gap is larger than the spread over seeds.</summary>
    public bool BeyondSpread => MeasuredGap is { } g && Spread is { } s && Math.Abs(g) > s;

    /// <summary>Checks a claim against the rows' results.</summary>
    public static ClaimCheck Evaluate(PaperClaim claim, IReadOnlyList<RowResult> rows)
    {
        var a = rows.FirstOrDefault(r => r.Label == claim.A);
        if (a is null) return new(claim, Verdict.Undetermined, null, null, Reason: $"row '{claim.A}' was not measured");
        if (claim.Kind == ClaimKind.Highest)
        {
            var others = rows.Where(r => r != a && r.Row.Group == a.Row.Group && r.Kind == a.Kind).ToList();
            if (others.Count == 0) return new(claim, Verdict.Undetermined, null, null, Reason: "no other row in its group was measured");
            var rival = others.MaxBy(r => r.Stats.Mean)!;
            var gap = a.Stats.Mean - rival.Stats.Mean;
            var highest = gap > 0 ? a.Label : rival.Label;
            return new(claim, gap > 0 ? Verdict.Reproduced : Verdict.NotReproduced, gap, PairSpread(a, rival), highest);
        }
        var b = rows.FirstOrDefault(r => r.Label == claim.B);
        if (b is null) return new(claim, Verdict.Undetermined, null, null, Reason: $"row '{claim.B}' was not measured");
        var diff = a.Stats.Mean - b.Stats.Mean;
        var spread = PairSpread(a, b);
        if (claim.Kind == ClaimKind.Greater)
            return new(claim, diff > 0 ? Verdict.Reproduced : Verdict.NotReproduced, diff, spread);
        return spread is { } s
            ? new(claim, Math.Abs(diff) <= s ? Verdict.Reproduced : Verdict.NotReproduced, diff, s)
            : new(claim, Verdict.Undetermined, diff, null, Reason: "closeness needs a spread, and one seed has none");
    }

    private static double? PairSpread(RowResult a, RowResult b) =>
        a.Stats.HasSpread && b.Stats.HasSpread ? Math.Max(a.Stats.Std, b.Stats.Std) : null;
}
