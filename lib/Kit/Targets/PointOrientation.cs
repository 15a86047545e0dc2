using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// Gradient-orientation histograms of grey frames around given points: MME's shape descriptor along a trajectory. The
/// grey frame is the channel mean; each pixel's Sobel gradient votes its magnitude into orientation bins
/// (<see cref="Hog.PixelBinPlanes"/>); a point's histogram is the bilinear blend of the k x k box means around it
/// (<see cref="PointBoxSampler.SampleBinnedPlanes"/>). Float32 CPU tensors go to one fused kernel
/// (<see cref="TargetKernels"/>, up to 32 bins); other devices run <see cref="HistogramsWithTensorOps"/>.
/// </summary>
public static class PointOrientation
{
    /// <param name="frames">(B, C, F, H, W)</param>
    /// <param name="positions">(B, P, 2) (x, y) in the box map's pixel coordinates (clamped to it)</param>
    /// <param name="frameOf">(B, P) int64: the frame of its clip each point reads</param>
    /// <param name="k">box side</param>
    /// <param name="pad">box o covers pixels o - pad .. o - pad + k - 1</param>
    /// <returns>(B, P, bins)</returns>
    public static Tensor Histograms(Tensor frames, Tensor positions, Tensor frameOf, int k, int pad, int bins = Hog.DefaultBins, bool signed = false, bool soft = true)
    {
        Check(frames, positions, frameOf, bins);
        return TargetKernels.Serve(frames, positions) && bins <= TargetKernels.MaxOrientationBins
            ? TargetKernels.OrientationHistograms(frames, positions, frameOf, k, pad, bins, signed, soft)
            : HistogramsWithTensorOps(frames, positions, frameOf, k, pad, bins, signed, soft);
    }

    /// <summary><see cref="Histograms"/> with tensor ops, on any device.</summary>
    public static Tensor HistogramsWithTensorOps(Tensor frames, Tensor positions, Tensor frameOf, int k, int pad, int bins = Hog.DefaultBins, bool signed = false, bool soft = true)
    {
        Check(frames, positions, frameOf, bins);
        var (b, f, h, w) = (frames.size(0), frames.size(2), frames.size(3), frames.size(4));
        using var scope = NewDisposeScope();
        var grey = ChannelMean(frames).reshape(b * f, 1, h, w);
        var (gx, gy) = Hog.Sobel(grey);
        // (3, frames of all clips): each pixel's two bins and their magnitudes, each clip's frames back to back; the
        // (bins x H x W) histogram maps are never built
        var planes = Hog.PixelBinPlanes(gx, gy, bins, signed, soft, margin: PointBoxSampler.BinnedMargin(k, pad));
        return scope.MoveToOuter(PointBoxSampler.SampleBinnedPlanes(planes, b, bins, h, w, k, pad, positions, frameOf).transpose(1, 2));
    }

    private static void Check(Tensor frames, Tensor positions, Tensor frameOf, int bins)
    {
        if (frames.dim() != 5) throw new ArgumentException($"orientation histograms take frames (B, C, F, H, W), got {Tensor.ShapeString(frames.shape)}");
        var b = frames.size(0);
        if (positions.dim() != 3 || positions.size(0) != b || positions.size(2) != 2)
            throw new ArgumentException($"orientation histograms take positions ({b}, P, 2), got {Tensor.ShapeString(positions.shape)}");
        if (frameOf.dim() != 2 || frameOf.size(0) != b || frameOf.size(1) != positions.size(1))
            throw new ArgumentException($"orientation histograms take frameOf ({b}, {positions.size(1)}), got {Tensor.ShapeString(frameOf.shape)}");
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), $"orientation bins must be at least 2, got {bins}");
    }

    /// <summary><c>x.mean(1)</c> as the sum of the channel views divided by their count: the same value, several times
    /// faster on the CPU than the reduction kernel over a strided middle dimension.</summary>
    /// <param name="x">(B, C, ...)</param>
    /// <returns>(B, ...)</returns>
    private static Tensor ChannelMean(Tensor x)
    {
        var c = x.size(1);
        var sum = x.select(1, 0).clone();
        for (var i = 1; i < c; i++) sum.add_(x.select(1, i));
        return sum.div_(c);
    }
}
