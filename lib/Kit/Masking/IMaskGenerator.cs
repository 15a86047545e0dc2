using Kit.Data;
using Kit.Targets;
using Kit.Torch;

namespace Kit.Masking;

/// <summary>A mask over tokens and the indices of the visible ones.</summary>
/// <param name="Mask">(B, N_tokens) bool, true = hidden from the encoder.</param>
/// <param name="Visible">(B, N_visible) int64 token indices in increasing order; every clip has the same count.</param>
public sealed record MaskResult(Tensor Mask, Tensor Visible) : IDisposable
{
    public void Dispose()
    {
        Mask.Dispose();
        Visible.Dispose();
    }
}

/// <summary>A masking strategy (random, tube, cube, frame, motion-guided, ...). Runs on the batch's device.</summary>
public interface IMaskGenerator
{
    string Name { get; }

    /// <summary>Fraction of tokens hidden (exact count per clip: round(ratio * N)).</summary>
    double Ratio { get; }

    TargetNeeds Needs { get; }

    MaskResult Generate(ClipBatch batch, TokenGrid grid);
}
