using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// Box means of feature maps read only at given points: the same numbers as bilinearly sampling (border clamp) the full
/// <see cref="BoxFilter.Mean"/> map, from one integral image and one gather, so a few thousand tracked points cost far
/// less than filtering every pixel.
/// </summary>
public static class PointBoxSampler
{
    /// <summary>Integral images of maps, for <see cref="Sample"/>.</summary>
    /// <param name="maps">(N, C, H, W)</param>
    /// <returns>(N, C, (H+1)*(W+1)) float64: S[i, j] = sum of maps[:i, :j]</returns>
    public static Tensor Integral(Tensor maps)
    {
        var (n, c, h, w) = (maps.size(0), maps.size(1), maps.size(2), maps.size(3));
        using var scope = NewDisposeScope();
        var s = nn.functional.pad(maps.to(float64).cumsum(2).cumsum(3), [1, 0, 1, 0]).reshape(n, c, (h + 1) * (w + 1));
        return scope.MoveToOuter(s);
    }

    /// <summary>Bilinear sample at <paramref name="positions"/> of the box-mean map with kernel k x k and padding pad (as <see cref="BoxFilter.Mean"/>).</summary>
    /// <param name="integral">(N, C, (H+1)*(W+1)) from <see cref="Integral"/></param>
    /// <param name="positions">(N, P, 2) (x, y) in the box-mean map's pixel coordinates</param>
    /// <param name="frames">(N, P) int64: which of several integral images stored back to back (N, C, F*(H+1)*(W+1)) each point reads; null = one image</param>
    /// <returns>(N, C, P) float32</returns>
    public static Tensor Sample(Tensor integral, long height, long width, int k, int pad, Tensor positions, Tensor? frames = null)
    {
        var (n, c) = (integral.size(0), integral.size(1));
        var p = positions.size(1);
        var (oh, ow) = (height + 2 * pad - k + 1, width + 2 * pad - k + 1);
        using var scope = NewDisposeScope();
        var qx = positions.select(2, 0).clamp(0, ow - 1);
        var qy = positions.select(2, 1).clamp(0, oh - 1);
        var x0 = qx.floor();
        var y0 = qy.floor();
        var ax = qx - x0;
        var ay = qy - y0;
        var x1 = (x0 + 1).clamp_max(ow - 1);
        var y1 = (y0 + 1).clamp_max(oh - 1);
        var corners = new[] { (x0, y0), (x1, y0), (x0, y1), (x1, y1) };
        var index = new List<Tensor>();
        var counts = new List<Tensor>();
        foreach (var (ox, oy) in corners)
        {
            var rlo = (oy - pad).clamp(0, height);
            var rhi = (oy - pad + k).clamp(0, height);
            var clo = (ox - pad).clamp(0, width);
            var chi = (ox - pad + k).clamp(0, width);
            foreach (var (r, col) in new[] { (rhi, chi), (rhi, clo), (rlo, chi), (rlo, clo) }) index.Add(r * (width + 1) + col);
            counts.Add(((rhi - rlo) * (chi - clo)).clamp_min(1));
        }
        var flat = stack(index, 2).@long(); // (N, P, 16): corner-major, then (S11, S10, S01, S00)
        if (frames is not null) flat = flat + frames.unsqueeze(2) * ((height + 1) * (width + 1));
        var idx = flat.reshape(n, 1, p * 16);
        var v = integral.gather(2, idx.expand(n, c, p * 16)).reshape(n, c, p, 4, 4);
        var sums = v.select(4, 0) - v.select(4, 1) - v.select(4, 2) + v.select(4, 3); // (N, C, P, 4)
        var means = sums / stack(counts, 2).to(float64).unsqueeze(1);
        var weights = stack([(1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay], 2).to(float64).unsqueeze(1); // (N, 1, P, 4)
        return scope.MoveToOuter((means * weights).sum(3).to(float32));
    }

    /// <summary>
    /// <see cref="Sample"/> of the box-mean map of per-pixel histograms given in the sparse form of
    /// <see cref="Hog.PixelBins"/>, without building the (bins x H x W) maps or their integral images: the bilinear
    /// blend of four box means is one separable weight per pixel of the (k+1) x (k+1) block around the point, and each
    /// pixel adds its two weighted bins to the point's histogram. The same numbers as
    /// <c>Sample(Integral(PixelHistograms(...)))</c> up to float32 rounding.
    /// </summary>
    /// <param name="pixelBins">(N, F*H*W, 3): per pixel (lo bin, value in lo, value in (lo + 1) mod bins), F frames back to back</param>
    /// <param name="bins">histogram bins</param>
    /// <param name="positions">(N, P, 2) (x, y) in the box-mean map's pixel coordinates</param>
    /// <param name="frames">(N, P) int64: which frame each point reads; null = one frame</param>
    /// <returns>(N, bins, P) float32</returns>
    public static Tensor SampleBinned(Tensor pixelBins, int bins, long height, long width, int k, int pad, Tensor positions, Tensor? frames = null)
    {
        using var scope = NewDisposeScope();
        var margin = BinnedMargin(k, pad);
        var planes = nn.functional.pad(pixelBins.permute(2, 0, 1).reshape(3, -1), [margin, margin]);
        return scope.MoveToOuter(SampleBinnedPlanes(planes, pixelBins.size(0), bins, height, width, k, pad, positions, frames));
    }

    /// <summary>The zeros <see cref="SampleBinnedPlanes"/> needs on either side of the planes (<see cref="Hog.PixelBinPlanes"/>'s margin).</summary>
    public static long BinnedMargin(int k, int pad) => pad + k;

    /// <summary><see cref="SampleBinned"/> from the planes of <see cref="Hog.PixelBinPlanes"/> with margin <see cref="BinnedMargin"/>.</summary>
    /// <param name="planes">(3, margin + N*F*H*W + margin): lo bin, value in lo, value in (lo + 1) mod bins, each clip's F frames back to back</param>
    /// <param name="n">clips N</param>
    /// <returns>(N, bins, P) float32</returns>
    public static Tensor SampleBinnedPlanes(Tensor planes, long n, int bins, long height, long width, int k, int pad, Tensor positions, Tensor? frames = null)
    {
        var margin = BinnedMargin(k, pad);
        var rows = (planes.size(1) - 2 * margin) / n;
        var p = positions.size(1);
        var (oh, ow) = (height + 2 * pad - k + 1, width + 2 * pad - k + 1);
        using var scope = NewDisposeScope();
        var steps = arange(0, k + 1, 1, float32, positions.device); // block offsets 0..k
        var (wx, _, startX) = AxisWeights(positions.select(2, 0).clamp(0, ow - 1), width, k, pad, steps);
        var (wy, cy, _) = AxisWeights(positions.select(2, 1).clamp(0, oh - 1), height, k, pad, steps);
        var m = (k + 1) * (k + 1);
        var weight = (wy.unsqueeze(3) * wx.unsqueeze(2)).reshape(n * p, m); // (N*P, (k+1)^2), block row-major
        // each block row is k+1 pixels in a row of memory: one gather of overlapping windows per row and plane. Its
        // pixels left or right of the frame read a neighbouring row (or the zero margins) with weight 0.
        var offset = arange(0, n, 1, int64, positions.device).reshape(n, 1) * rows;
        if (frames is not null) offset = offset + frames * (height * width);
        var first = ((offset + (startX + margin)).unsqueeze(2) + cy * width).reshape(-1); // (N*P*(k+1)): first pixel of each block row
        // window i of a plane: pixels i - margin .. i - margin + k (a gather along the first dimension of the overlapping
        // windows' view is a run of row copies; along a later one it is not)
        Tensor Block(int plane) => planes.select(0, plane).unfold(0, k + 1, 1).index_select(0, first).reshape(n * p, m);
        // each point's row of bins: lo and lo + 1, with a spare bin `bins` folded onto bin 0 at the end (a row-wise
        // scatter runs several times faster on the CPU than one flat index_add)
        var toLo = Block(0).to(int64);
        var toHi = toLo + 1;
        var hist = zeros([n * p, bins + 1], float32, positions.device)
            .scatter_add(1, toLo, Block(1).mul_(weight))
            .scatter_add(1, toHi, Block(2).mul_(weight));
        hist.narrow(1, 0, 1).add_(hist.narrow(1, bins, 1));
        return scope.MoveToOuter(hist.narrow(1, 0, bins).reshape(n, p, bins).transpose(1, 2).contiguous());
    }

    /// <summary>Along one axis: each block pixel's weight in the bilinear blend of the box means at o0 and o0 + 1 (box
    /// o covers o - pad .. o - pad + k - 1, divided by its in-frame length), the pixels' clamped coordinates, and the
    /// block's first (unclamped) coordinate o0 - pad.</summary>
    /// <param name="q">(N, P) position clamped to the box map</param>
    /// <returns>weights (N, P, k+1) float32 (0 outside the frame), coordinates (N, P, k+1) int64, start (N, P) int64</returns>
    private static (Tensor weights, Tensor coords, Tensor start) AxisWeights(Tensor q, long size, int k, int pad, Tensor steps)
    {
        var o0 = q.floor();
        var a = (q - o0).unsqueeze(2);
        var start = o0 - pad;
        var count0 = ((start + k).clamp(0, size) - start.clamp(0, size)).clamp_min(1).unsqueeze(2);
        var count1 = ((start + 1 + k).clamp(0, size) - (start + 1).clamp(0, size)).clamp_min(1).unsqueeze(2);
        var c = start.unsqueeze(2) + steps; // (N, P, k+1)
        var inFirst = steps.le(k - 1).to(float32);
        var inSecond = steps.ge(1).to(float32);
        var inFrame = (c.ge(0) & c.le(size - 1)).to(float32);
        var weights = ((1 - a) / count0 * inFirst + a / count1 * inSecond) * inFrame;
        return (weights, c.clamp(0, size - 1).to(int64), start.to(int64));
    }
}
