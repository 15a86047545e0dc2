namespace Kit.Experiments;

/// <summary>How frames are presented to pre-training.</summary>
public enum TemporalOrder
{
    /// <summary>The video as recorded.</summary>
    Original,

    /// <summary>Frames randomly permuted within each clip (MME Fig. 3).</summary>
    Shuffled,

    /// <summary>One frame repeated for the whole clip (no motion at all).</summary>
    RepeatedFrame,
}

/// <summary>The clips a row trains on.</summary>
/// <param name="Dataset">"ssv2", "k400", "ucf101" at paper scale; the smaller scales substitute their own dataset.</param>
/// <param name="Fraction">Fraction of the training videos used for pre-training (MME ablations: 0.25).</param>
/// <param name="Frames">Frames per clip T.</param>
/// <param name="Size">Frame height = width in pixels.</param>
/// <param name="Stride">Temporal sampling stride (frames skipped between sampled frames).</param>
/// <param name="InputPatchFraction">Fraction of input patches kept by random dropping during fine-tuning (MME
/// ablation speed-up: 0.5; 1 = all).</param>
/// <param name="Order">Frame order during pre-training.</param>
/// <param name="Manifest">Path of the dataset manifest (paper scale); null where the scale supplies the data.</param>
/// <param name="Flow">Where optical flow comes from for targets and masks that need it: "oracle" (the synthetic
/// generator's exact motion), "farneback", "dis" or "tvl1"; null = the scale's default (oracle on the synthetic
/// protocol).</param>
public sealed record DataRecipe(
    string Dataset = "ssv2",
    double Fraction = 1.0,
    int Frames = 16,
    int Size = 224,
    int Stride = 2,
    double InputPatchFraction = 1.0,
    TemporalOrder Order = TemporalOrder.Original,
    string? Manifest = null,
    string? Flow = null);
