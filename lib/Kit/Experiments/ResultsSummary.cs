using System.Globalization;
using System.Text;

namespace Kit.Experiments;

/// <summary>
/// The summary paragraph of a table run, computed from the claim checks: how many of the paper's orderings the
/// measured means reproduce, which, by how much, and whether the gap exceeds the spread over seeds.
/// </summary>
internal static class ResultsSummary
{
    public static string Write(AblationResults results)
    {
        var table = results.Ablation;
        var checks = results.Checks;
        var text = new StringBuilder();
        text.Append(Invariant($"{table.Id} ({table.Title}; {table.Source}) at the {results.Scale.Name} scale with {results.Seeds} seed(s) per row. "));
        // Whether the scale learns comes first: an ordering between rows that never left chance is noise.
        var learns = Learnability(results, text);
        if (learns == false && checks.Count > 0) text.Append("The orderings below are therefore noise, not evidence. ");
        if (checks.Count == 0)
            text.Append("The paper gives no figures or stated orderings for these rows, so there is nothing to compare. ");
        else
        {
            var reproduced = checks.Where(c => c.Verdict == Verdict.Reproduced).ToList();
            var contradicted = checks.Where(c => c.Verdict == Verdict.NotReproduced).ToList();
            var undetermined = checks.Where(c => c.Verdict == Verdict.Undetermined).ToList();
            text.Append(Invariant($"Of the {checks.Count} orderings the paper implies, the measurements reproduce {reproduced.Count}"));
            if (results.Seeds >= 2)
                text.Append(Invariant($" ({reproduced.Count(c => c.BeyondSpread && c.Claim.Kind != ClaimKind.Close)} by a gap larger than the spread over seeds)"));
            text.Append(Invariant($" and do not reproduce {contradicted.Count}"));
            if (undetermined.Count > 0) text.Append(Invariant($"; {undetermined.Count} cannot be judged"));
            text.Append(". ");
            List("Reproduced", reproduced, text);
            List("Not reproduced", contradicted, text);
            List("Cannot be judged", undetermined, text);
        }
        SpeedUps(results, text);
        NearChance(results, text);
        if (results.Seeds < 2) text.Append("With one seed per row there is no spread: small gaps may be noise. ");
        if (results.Scale.Name != Scale.Paper.Name)
            text.Append(Invariant($"At the {results.Scale.Name} scale the data, model and training length differ from the paper's, so absolute values are not comparable; the orderings are what to compare. "));
        if (results.Problems.Count > 0)
            text.Append(Invariant($"{results.Problems.Count} stored result(s) could not be read and were run again: {string.Join("; ", results.Problems)}. "));
        return text.ToString().TrimEnd();
    }

    private static void List(string heading, List<ClaimCheck> checks, StringBuilder text)
    {
        if (checks.Count == 0) return;
        text.Append(heading).Append(": ").Append(string.Join("; ", checks.Select(Describe))).Append(". ");
    }

    private static string Describe(ClaimCheck c)
    {
        var paper = c.Claim.PaperGap is { } pg && c.Claim.Kind != ClaimKind.Close ? Invariant($"paper {pg:+0.0##;-0.0##}, ") : "";
        var spread = c.Spread is { } s ? Invariant($" ± {s:0.0##}") : "";
        var measured = c.MeasuredGap is { } g ? Invariant($"measured {g:+0.00;-0.00;0.00}{spread}") : "";
        var extra = c.Claim.Kind == ClaimKind.Highest && c.Verdict == Verdict.NotReproduced ? $", measured highest: {c.MeasuredHighest}" : "";
        var reason = c.Reason is null ? "" : $", {c.Reason}";
        var margin = c.Verdict == Verdict.Reproduced && c.Claim.Kind != ClaimKind.Close && c.Spread is not null && !c.BeyondSpread ? ", within the spread" : "";
        return $"{c.Claim} [{c.Claim.Source}] ({paper}{measured}{extra}{margin}{reason})";
    }

    private static void SpeedUps(AblationResults results, StringBuilder text)
    {
        var reference = results.Ablation.ReferenceRow is { } label ? results.Rows.FirstOrDefault(r => r.Label == label) : null;
        foreach (var row in results.Rows.Where(r => r.Row.Primary?.Speedup is not null && r != reference))
        {
            if (reference is null || row.WallSeconds <= 0) continue;
            var measured = reference.WallSeconds / row.WallSeconds;
            text.Append(Invariant($"Speed-up of \"{row.Label}\" over \"{reference.Label}\": paper {row.Row.Primary!.Speedup:0.0#}x, measured {measured:0.0#}x in wall time. "));
        }
    }

    /// <summary>
    /// Opens the summary with the sanity figures of this scale (the sanity table's own run, or those kept from it), or
    /// says they are missing, then the table's own best top-1 against chance. Returns whether the scale learns (null:
    /// unknown).
    /// </summary>
    private static bool? Learnability(AblationResults results, StringBuilder text)
    {
        var sanity = results.Ablation.Id == Tables.SanityTable.Id ? SanityFigures.From(results) : SanityFigures.Load(results.Scale);
        bool? learns = null;
        if (sanity is not null)
        {
            text.Append(sanity.Describe()).Append(' ');
            learns = sanity.ScratchStream is null ? null : sanity.Learns;
        }
        else if (results.Scale.Dataset == Scale.SynthStreamName)
            text.Append(Invariant($"The sanity table has not been run at this scale (`./kit ablation sanity --scale {results.Scale.Name}`), so whether the model can learn here is not known. "));
        if (ChanceTop1(results.Scale) is { } chance)
        {
            var top1 = results.Rows.Where(r => r.Kind is not MeasurementKind.PretrainLoss && r.Seeds.Count > 0).ToList();
            if (top1.Count > 0 && top1.All(r => r.Stats.Mean < 2 * chance)) learns = false;
        }
        return learns;
    }

    /// <summary>Top-1 of guessing on the dataset the scale trains on, in percent; null when the class count is unknown.</summary>
    public static double? ChanceTop1(Scale scale)
    {
        int? classes = scale.Dataset switch
        {
            "synthetic-motion" or Scale.SynthStreamName => Kit.Data.Synth.SynthMotions.Names.Count,
            "ssv2" => 174,
            "k400" => 400,
            "ucf101" => 101,
            "hmdb51" => 51,
            _ => null,
        };
        return classes is { } n ? 100.0 / n : null;
    }

    /// <summary>
    /// When every top-1 row sits below twice the chance level, the model has not learnt the task at this scale and
    /// the orderings above are noise: say so, with the numbers.
    /// </summary>
    private static void NearChance(AblationResults results, StringBuilder text)
    {
        if (ChanceTop1(results.Scale) is not { } chance) return;
        var top1 = results.Rows.Where(r => r.Kind is not MeasurementKind.PretrainLoss && r.Seeds.Count > 0).ToList();
        if (top1.Count == 0 || top1.Any(r => r.Stats.Mean >= 2 * chance)) return;
        var best = top1.Max(r => r.Stats.Mean);
        text.Append(Invariant($"Every row's top-1 is below twice chance (chance {chance:0.0} %, best row mean {best:0.0} %): at this scale the model has not learnt the task, so the orderings above are noise, not evidence. "));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
