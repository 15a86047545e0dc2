using System.Globalization;
using System.Text.Json;

namespace Kit.Experiments;

/// <summary>
/// What the sanity table measured at one scale (means over seeds, top-1 % on held-out test clips): whether the model
/// and budget learn the task at all, and whether pixel pre-training taught features. Written when the sanity table
/// runs (to <see cref="Root"/>), read by every other table's summary at the same scale, which opens with it.
/// </summary>
/// <param name="Scale">the scale's name.</param>
/// <param name="ScaleKey">hash of the whole scale (its sizes and steps), so a changed scale does not reuse them.</param>
/// <param name="Seeds">seeds per row (the fewest, when figures kept from an earlier run fill rows a run left out).</param>
/// <param name="Chance">top-1 % of guessing.</param>
/// <param name="ScratchStream">supervised from scratch on the stream.</param>
/// <param name="ScratchLabelled">supervised from scratch on the labelled set.</param>
/// <param name="RandomProbe">linear probe on a randomly initialised encoder.</param>
/// <param name="PixelProbe">linear probe after pixel pre-training.</param>
/// <param name="PixelKnn">k-NN after pixel pre-training.</param>
/// <param name="PixelFinetune">fine-tuned after pixel pre-training.</param>
/// <param name="SupervisedProbe">linear probe on the encoder supervised training on the stream left: what the probe
/// reads when the features hold the classes (null when not measured at every seed).</param>
public sealed record SanityFigures(string Scale, string ScaleKey, int Seeds, double Chance, double? ScratchStream, double? ScratchLabelled,
    double? RandomProbe, double? PixelProbe, double? PixelKnn, double? PixelFinetune, double? SupervisedProbe = null)
{
    /// <summary>Folder the figures are kept in (one file per scale key); null = not kept. The kit's setup points it at
    /// the data cache.</summary>
    public static string? Root { get; set; }

    /// <summary>The model learns the task at this scale: supervised training from scratch on the stream reaches at
    /// least twice chance.</summary>
    public bool Learns => ScratchStream is { } s && s >= 2 * Chance;

    /// <summary>Pre-training taught something a probe reads: the pixel probe beats the random-encoder probe by at least
    /// 2 points (a random encoder's features already carry some motion, so the probe's floor is above chance).</summary>
    public bool PretrainingHelpsProbe => PixelProbe is { } p && RandomProbe is { } r && p >= r + 2;

    /// <summary>Key of a scale.</summary>
    public static string KeyOf(Scale scale) => CanonicalJson.Hash(scale)[..16];

    /// <summary>The figures of a finished sanity run (its rows by label; a missing row stays null).</summary>
    public static SanityFigures From(AblationResults results)
    {
        double? Mean(string label) => results.Rows.FirstOrDefault(r => r.Label == label) is { Seeds.Count: > 0 } r ? r.Stats.Mean : null;
        var chance = ResultsSummary.ChanceTop1(results.Scale) ?? double.NaN;
        var tuned = results.Rows.FirstOrDefault(r => r.Label == Tables.SanityTable.ScratchStream)?.Seeds.Select(s => s.Stored.Measurement.FinetunedProbeTop1).ToList();
        double? supervisedProbe = tuned is { Count: > 0 } && tuned.All(v => v is not null) ? tuned.Average(v => v!.Value) : null;
        return new SanityFigures(results.Scale.Name, KeyOf(results.Scale), results.Seeds, chance,
            Mean(Tables.SanityTable.ScratchStream), Mean(Tables.SanityTable.ScratchLabelled), Mean(Tables.SanityTable.RandomProbe),
            Mean(Tables.SanityTable.PixelProbe), Mean(Tables.SanityTable.PixelKnn), Mean(Tables.SanityTable.PixelFinetune), supervisedProbe);
    }

    /// <summary>These figures, with the rows this run left out (null) taken from <paramref name="kept"/> when it is of
    /// the same scale key: running some of the sanity rows keeps what the others measured before.</summary>
    public SanityFigures Over(SanityFigures? kept)
    {
        if (kept is null || kept.ScaleKey != ScaleKey) return this;
        var merged = this with
        {
            ScratchStream = ScratchStream ?? kept.ScratchStream,
            ScratchLabelled = ScratchLabelled ?? kept.ScratchLabelled,
            RandomProbe = RandomProbe ?? kept.RandomProbe,
            PixelProbe = PixelProbe ?? kept.PixelProbe,
            PixelKnn = PixelKnn ?? kept.PixelKnn,
            PixelFinetune = PixelFinetune ?? kept.PixelFinetune,
            SupervisedProbe = SupervisedProbe ?? kept.SupervisedProbe,
        };
        return merged == this ? this : merged with { Seeds = Math.Min(Seeds, kept.Seeds) };
    }

    /// <summary>Keeps the figures under <see cref="Root"/> (atomically); does nothing without a root.</summary>
    public void Save()
    {
        if (Root is null) return;
        Directory.CreateDirectory(Root);
        Kit.Torch.AtomicFile.WriteAllText(Path.Combine(Root, ScaleKey + ".json"), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The figures kept for this scale, or null (none kept, no root, or unreadable).</summary>
    public static SanityFigures? Load(Scale scale)
    {
        if (Root is null) return null;
        var path = Path.Combine(Root, KeyOf(scale) + ".json");
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<SanityFigures>(File.ReadAllText(path)); }
        catch (JsonException) { return null; }
    }

    /// <summary>One paragraph: does this scale learn, and did pixel pre-training teach the probe anything.</summary>
    public string Describe()
    {
        static string P(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "not run";
        var verdict = ScratchStream is null ? "the supervised row was not run, so whether the model can learn here is unknown"
            : Learns ? "the model learns the task at this scale"
            : "the model does NOT learn the task at this scale (below twice chance), so no ordering measured at it is evidence";
        var ceiling = SupervisedProbe is null ? ""
            : $" A linear probe on the encoder supervised on the stream reads {P(SupervisedProbe)}: what the probe reaches when the features hold the classes.";
        var probe = PixelProbe is null || RandomProbe is null ? ""
            : PretrainingHelpsProbe ? $" Pixel pre-training taught the probe something: {P(PixelProbe)} against {P(RandomProbe)} on a random encoder."
            : $" Pixel pre-training taught the probe nothing measurable: {P(PixelProbe)} against {P(RandomProbe)} on a random encoder.";
        return string.Create(CultureInfo.InvariantCulture,
            $"Sanity at the {Scale} scale ({Seeds} seed(s), chance {Chance:0.0} %): supervised from scratch on the stream {P(ScratchStream)}, on the labelled set {P(ScratchLabelled)}; {verdict}.{ceiling}{probe} Pixel k-NN {P(PixelKnn)}, fine-tuned {P(PixelFinetune)}.");
    }
}
