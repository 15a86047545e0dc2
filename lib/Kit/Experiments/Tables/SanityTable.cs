using static Kit.Experiments.Tables.TableParts;

namespace Kit.Experiments.Tables;

/// <summary>
/// The sanity table: can this scale learn the task at all, and does pre-training teach anything a probe can read?
/// Every other table's summary opens with these figures, because an ordering between rows that never left chance is
/// noise. Rows: supervised from scratch on the unlimited stream (the ceiling of the model and budget), from scratch on
/// the small labelled set (what memorising gives), a linear probe on a randomly initialised encoder (the floor a
/// probe reaches with no learning), and VideoMAE's pixel pre-training read by a probe, by k-NN and by fine-tuning.
/// </summary>
internal static class SanityTable
{
    private static readonly Recipe B = Recipes.VideoMae;

    /// <summary>Row labels, used by every summary.</summary>
    public const string ScratchStream = "scratch, stream", ScratchLabelled = "scratch, labelled set", RandomProbe = "random encoder, probe",
        PixelProbe = "pixel, probe", PixelKnn = "pixel, k-NN", PixelFinetune = "pixel, fine-tune";

    public const string Id = "sanity";

    public static AblationTable Table()
    {
        var scratch = B with { Pretrain = B.Pretrain with { Epochs = 0 } };
        return new AblationTable(Id, "does this scale learn?", "the kit's own check (no paper table)",
            "Does the model learn the motion classes at this scale (supervised, from scratch), and does VideoMAE's pixel pre-training teach features a probe, k-NN or fine-tuning can use?",
            B,
            [
                Row(ScratchStream, scratch with { Finetune = scratch.Finetune with { Data = FinetuneRecipe.Stream } }),
                Row(ScratchLabelled, scratch),
                Row(RandomProbe, scratch.Measuring(MeasurementKind.LinearProbeTop1)),
                Row(PixelProbe, B.Measuring(MeasurementKind.LinearProbeTop1)),
                Row(PixelKnn, B.Measuring(MeasurementKind.KnnTop1)),
                Row(PixelFinetune, B),
            ])
        {
            Note = "Supervised training on the stream gets the steps of pre-training and fine-tuning together; every accuracy is on held-out test clips the stream never shows.",
        };
    }
}
