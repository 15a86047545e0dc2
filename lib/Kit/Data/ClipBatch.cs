using Kit.Torch;

namespace Kit.Data;

/// <summary>
/// What the data layer hands to targets, masking and the trainer: a batch of clips with whatever raw-rate frames and
/// optical flow the configured target or mask needs. Owns its tensors (Dispose frees them).
/// </summary>
/// <param name="Clip">(B, C, T, H, W) float32 in [0, 1]: the frames the encoder sees (sampled at <paramref name="Stride"/>), after augmentation, before mean/std normalisation.</param>
/// <param name="RawClip">(B, C, T * Stride, H, W) float32 in [0, 1]: every raw frame the clip spans (dense targets, trajectories with interpolation); null when not requested.</param>
/// <param name="Flow">(B, T * Stride - 1, 2, H, W) float32 in pixels, (dx, dy) from raw frame i to i+1, augmented with the same geometry as the frames; null when not requested.</param>
/// <param name="Labels">(B) int64 class ids; null for unlabelled data.</param>
/// <param name="Stride">temporal stride between the sampled frames (raw frames per encoder frame).</param>
public sealed record ClipBatch(Tensor Clip, Tensor? RawClip, Tensor? Flow, Tensor? Labels, int Stride) : IDisposable
{
    public long BatchSize => Clip.size(0);

    /// <summary>Manifest index of each clip's video (null when unknown): multi-view testing averages over the views
    /// of one video.</summary>
    public int[]? VideoIndices { get; init; }

    public void Dispose()
    {
        Clip.Dispose();
        RawClip?.Dispose();
        Flow?.Dispose();
        Labels?.Dispose();
    }
}
