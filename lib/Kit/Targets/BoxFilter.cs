using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// Stride-1 box means through an integral image (two cumsums and four lookups), the same numbers as
/// avg_pool2d(kernel, stride 1, padding, count_include_pad: false) at a cost independent of the kernel size; libtorch's
/// CPU pooling is slow for stride 1. Sums are accumulated in float64 so large frames keep float32 precision.
/// </summary>
public static class BoxFilter
{
    /// <param name="x">(N, C, H, W)</param>
    /// <param name="kernel">(kh, kw)</param>
    /// <param name="padding">(ph, pw): output o covers input rows o - ph .. o - ph + kh - 1 (clipped to the frame)</param>
    /// <returns>(N, C, H + 2 ph - kh + 1, W + 2 pw - kw + 1), each value the mean of the in-frame pixels of its window</returns>
    public static Tensor Mean(Tensor x, (int h, int w) kernel, (int h, int w) padding)
    {
        var (n, c, h, w) = (x.size(0), x.size(1), x.size(2), x.size(3));
        if (kernel.h < 1 || kernel.w < 1) throw new ArgumentOutOfRangeException(nameof(kernel), $"box kernel must be at least 1 x 1, got {kernel}");
        using var scope = NewDisposeScope();
        var (oh, ow) = (h + 2 * padding.h - kernel.h + 1, w + 2 * padding.w - kernel.w + 1);
        if (oh < 1 || ow < 1) throw new ArgumentException($"box kernel {kernel} with padding {padding} leaves no output for a {h} x {w} frame");
        // S[i, j] = sum of x[:i, :j]; window o spans S indices clamp(o - p) .. clamp(o - p + k), and clamping an index is
        // replicate padding of S, so both ends are plain slices of one padded integral image
        var integral = nn.functional.pad(x.to(float64).cumsum(2).cumsum(3), [1, 0, 1, 0]);
        var (rl, rr) = (padding.h, Math.Max(0, oh - 1 - padding.h + kernel.h - h));
        var (cl, cr) = (padding.w, Math.Max(0, ow - 1 - padding.w + kernel.w - w));
        var padded = nn.functional.pad(integral, [cl, cr, rl, rr], "replicate");
        var top = padded.narrow(2, 0, oh);
        var bottom = padded.narrow(2, kernel.h, oh);
        var sums = bottom.narrow(3, kernel.w, ow) - bottom.narrow(3, 0, ow) - top.narrow(3, kernel.w, ow) + top.narrow(3, 0, ow);
        var count = (Extent(h, kernel.h, padding.h, oh, x.device).reshape(-1, 1) * Extent(w, kernel.w, padding.w, ow, x.device).reshape(1, -1)).clamp_min(1);
        return scope.MoveToOuter((sums / count).to(x.dtype));
    }

    /// <summary>In-frame length of each output's window.</summary>
    private static Tensor Extent(long size, int k, int pad, long outputs, Device device)
    {
        var start = arange(0, outputs, 1, float64, device) - pad;
        return (start + k).clamp(0, size) - start.clamp(0, size);
    }
}
