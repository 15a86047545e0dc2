using Kit.Torch;

namespace Kit.Data;

/// <summary>One clip as a dataset returns it (the loader stacks these into a <see cref="ClipBatch"/>).</summary>
/// <param name="Clip">(C, T, H, W) float32 in [0, 1].</param>
/// <param name="RawClip">(C, T * Stride, H, W) float32 in [0, 1], or null.</param>
/// <param name="Flow">(T * Stride - 1, 2, H, W) float32 pixels, or null.</param>
/// <param name="Label">class id (-1 unlabelled).</param>
/// <param name="VideoIndex">the video's index in the manifest.</param>
public sealed record ClipSample(Tensor Clip, Tensor? RawClip, Tensor? Flow, long Label, int VideoIndex) : IDisposable
{
    public void Dispose()
    {
        Clip.Dispose();
        RawClip?.Dispose();
        Flow?.Dispose();
    }
}
