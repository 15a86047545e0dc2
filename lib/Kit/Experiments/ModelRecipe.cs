namespace Kit.Experiments;

/// <summary>The encoder preset and the decoder design.</summary>
/// <param name="Preset">Encoder size preset ("vit-b" at paper scale; the scale substitutes smaller presets).</param>
/// <param name="PatchSize">Spatial patch side in pixels.</param>
/// <param name="TubeletSize">Frames per token.</param>
/// <param name="Decoder">"joint" (one decoder for all target parts), "separate" (one per part), "parallel" (MotionMAE:
/// one head per part on a shared trunk's last layer), "shared" (MotionMAE: all but the last layer shared).</param>
/// <param name="DecoderDepth">Decoder blocks.</param>
/// <param name="DecoderWidth">Decoder embedding width.</param>
public sealed record ModelRecipe(
    string Preset = "vit-b",
    int PatchSize = 16,
    int TubeletSize = 2,
    string Decoder = "joint",
    int DecoderDepth = 4,
    int DecoderWidth = 384);
