namespace Kit.Training;

/// <summary>
/// Layer-wise learning-rate decay for fine-tuning: the embedding is layer 0, block i is layer i + 1, everything after
/// the blocks (final norms, head) is layer L + 1; a layer's rate is scaled by decay^(L + 1 - layer).
/// </summary>
public static class LayerDecay
{
    /// <summary>Layer id of a <see cref="Kit.Model.VideoClassifier"/> parameter name.</summary>
    public static int LayerOf(string name, int depth)
    {
        const string blocks = "encoder.blocks.";
        if (name.StartsWith("encoder.patch_embed.", StringComparison.Ordinal) || name.StartsWith("encoder.pos_embed", StringComparison.Ordinal)) return 0;
        if (name.StartsWith(blocks, StringComparison.Ordinal))
        {
            var rest = name[blocks.Length..];
            return int.Parse(rest[..rest.IndexOf('.')], System.Globalization.CultureInfo.InvariantCulture) + 1;
        }
        return depth + 1;
    }

    public static double Scale(int layer, int depth, double decay) => Math.Pow(decay, depth + 1 - layer);
}
