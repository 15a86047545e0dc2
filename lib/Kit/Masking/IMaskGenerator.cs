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

    /// <summary>
    /// The part of <see cref="Generate(ClipBatch, TokenGrid)"/> that draws no random numbers and depends only on the
    /// batch (MGMAE's flows between sampled frames), so a trainer can run it ahead on another thread; null when the
    /// strategy has none. The caller owns the result and passes it to <see cref="Generate(ClipBatch, TokenGrid, IDisposable?)"/>.
    /// </summary>
    IDisposable? Prepare(ClipBatch batch, TokenGrid grid) => null;

    /// <summary>Generate with the result of <see cref="Prepare"/> for this batch (null: compute it here).</summary>
    MaskResult Generate(ClipBatch batch, TokenGrid grid, IDisposable? prepared) => Generate(batch, grid);
}
