using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>The two HOG recipes the papers use.</summary>
public enum HogVariant
{
    /// <summary>MaskFeat: hard assignment to the orientation bin, magnitudes summed over the cell, L2-normalised over the bins of each cell and channel.</summary>
    MaskFeat,

    /// <summary>MME: soft assignment between the two nearest bins, averaged over the cell, no normalisation.</summary>
    Mme,
}

/// <summary>
/// Histograms of oriented gradients with tensor ops: Sobel filters per channel (reflect padding), magnitude-weighted
/// orientation histograms (unsigned: 9 bins of 20 degrees over 180; signed for flow orientation: over 360), pooled in
/// square cells.
/// </summary>
public static class Hog
{
    public const int DefaultBins = 9;

    /// <summary>
    /// Sobel gradients per channel (reflect padding): gx from [[1,0,-1],[2,0,-2],[1,0,-1]], gy from its transpose,
    /// computed separably from shifted views: gx = [1, 0, -1] across of [1, 2, 1] down, gy = [1, 0, -1] down of [1, 2, 1]
    /// across, each pass on its axis's reflect-padded input. The same sums as the 3x3 convolution in another order (so
    /// equal up to float rounding, as two convolution kernels are to each other), three to five times faster on the CPU.
    /// </summary>
    /// <param name="images">(N, C, H, W)</param>
    /// <returns>(gx, gy), each (N, C, H, W)</returns>
    public static (Tensor gx, Tensor gy) Sobel(Tensor images)
    {
        if (images.dim() != 4) throw new ArgumentException($"Sobel takes images (N, C, H, W), got {Tensor.ShapeString(images.shape)}");
        var (h, w) = (images.size(2), images.size(3));
        using var scope = NewDisposeScope();
        var rows = ReflectPad1(images, 2); // (N, C, H+2, W)
        var down = (rows.narrow(2, 1, h) * 2).add_(rows.narrow(2, 0, h)).add_(rows.narrow(2, 2, h));
        var downPadded = ReflectPad1(down, 3);
        var gx = downPadded.narrow(3, 0, w) - downPadded.narrow(3, 2, w);
        var cols = ReflectPad1(images, 3); // (N, C, H, W+2)
        var across = (cols.narrow(3, 1, w) * 2).add_(cols.narrow(3, 0, w)).add_(cols.narrow(3, 2, w));
        var acrossPadded = ReflectPad1(across, 2);
        var gy = acrossPadded.narrow(2, 0, h) - acrossPadded.narrow(2, 2, h);
        return (scope.MoveToOuter(gx), scope.MoveToOuter(gy));
    }

    /// <summary>Reflect padding by one on each side of one dimension (as pad(..., "reflect")), by concatenation: several
    /// times faster than the padding kernel on the CPU.</summary>
    private static Tensor ReflectPad1(Tensor x, int dim)
    {
        var n = x.size(dim);
        if (n < 2) throw new ArgumentException($"reflect padding needs at least 2 entries along dimension {dim}, got {n}");
        return cat([x.narrow(dim, 1, 1), x, x.narrow(dim, n - 2, 1)], dim);
    }

    /// <summary>Each pixel's magnitude placed in its orientation bin(s).</summary>
    /// <param name="gx">(N, C, H, W) x component</param>
    /// <param name="gy">(N, C, H, W) y component</param>
    /// <param name="signed">false: orientation modulo 180 degrees (image gradients); true: over 360 (flow direction).</param>
    /// <param name="soft">true: split linearly between the two nearest bin centres; false: all in the bin that holds the angle.</param>
    /// <returns>(N, C, bins, H, W)</returns>
    public static Tensor PixelHistograms(Tensor gx, Tensor gy, int bins = DefaultBins, bool signed = false, bool soft = false)
    {
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), $"HOG bins must be at least 2, got {bins}");
        using var scope = NewDisposeScope();
        var span = signed ? 2 * Math.PI : Math.PI;
        var magnitude = (gx.square() + gy.square()).sqrt().unsqueeze(2);
        var angle = gy.atan2(gx).remainder(span).unsqueeze(2);
        var position = angle / span * bins;
        // one-hot by comparison rather than scatter_add: elementwise ops are fast on both CPU and GPU
        var binIds = arange(0, bins, 1, float32, gx.device).reshape(1, 1, bins, 1, 1);
        Tensor result;
        if (soft)
        {
            var centred = position - 0.5;
            var lower = centred.floor();
            var frac = centred - lower;
            var lo = lower.remainder(bins);
            var hi = (lower + 1).remainder(bins);
            result = lo.eq(binIds).to(float32) * (magnitude * (1 - frac)) + hi.eq(binIds).to(float32) * (magnitude * frac);
        }
        else
        {
            var bin = position.floor().remainder(bins);
            result = bin.eq(binIds).to(float32) * magnitude;
        }
        return scope.MoveToOuter(result);
    }

    /// <summary>
    /// <see cref="PixelHistograms"/> in sparse form: a pixel's magnitude lands in at most two neighbouring bins, lo and
    /// (lo + 1) mod bins, so keep lo and what the two get instead of the (bins x H x W) map. Scattering wlo into lo and whi
    /// into (lo + 1) mod bins gives exactly <see cref="PixelHistograms"/>.
    /// </summary>
    /// <returns>(N, C, H, W, 3): the bin lo as a float, the magnitude placed in lo, the magnitude placed in (lo + 1) mod bins
    /// (hard assignment: 0)</returns>
    public static Tensor PixelBins(Tensor gx, Tensor gy, int bins = DefaultBins, bool signed = false, bool soft = false)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(stack(PixelBinPlanes(gx, gy, bins, signed, soft).reshape([3, .. gx.shape]).unbind(0), -1));
    }

    /// <summary><see cref="PixelBins"/> with the three quantities as flat planes, each pixel's in row-major order of
    /// (N, C, H, W) between <paramref name="margin"/> zeros on either side: the layout
    /// <see cref="PointBoxSampler.SampleBinnedPlanes"/> reads, without interleaving them pixel by pixel.</summary>
    /// <returns>(3, margin + N*C*H*W + margin)</returns>
    public static Tensor PixelBinPlanes(Tensor gx, Tensor gy, int bins = DefaultBins, bool signed = false, bool soft = false, long margin = 0)
    {
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), $"HOG bins must be at least 2, got {bins}");
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), $"margin must not be negative, got {margin}");
        using var scope = NewDisposeScope();
        var span = signed ? 2 * Math.PI : Math.PI;
        // the same operations as PixelHistograms, in place where a temporary can be reused
        var magnitude = gx.square().add_(gy.square()).sqrt_();
        var position = gy.atan2(gx).remainder(span).div_(span).mul_(bins);
        Tensor lo, toLo, toHi;
        if (soft)
        {
            var centred = position.sub_(0.5);
            var lower = centred.floor();
            var frac = centred.sub_(lower);
            lo = lower.remainder(bins);
            toLo = (1 - frac).mul_(magnitude);
            toHi = frac.mul_(magnitude);
        }
        else
        {
            lo = position.floor().remainder(bins);
            toLo = magnitude;
            toHi = zeros_like(magnitude);
        }
        // one concatenation writes the three planes and their zero margins
        var outer = zeros([margin], float32, gx.device);
        var inner = zeros([2 * margin], float32, gx.device);
        var flat = cat([outer, lo.reshape(-1), inner, toLo.reshape(-1), inner, toHi.reshape(-1), outer]);
        return scope.MoveToOuter(flat.reshape(3, -1));
    }

    /// <summary>Pools per-pixel histograms into cells following the variant.</summary>
    /// <param name="pixelHist">(N, C, bins, H, W), H and W multiples of cell</param>
    /// <returns>(N, C, bins, H/cell, W/cell)</returns>
    public static Tensor PoolCells(Tensor pixelHist, int cell, HogVariant variant)
    {
        var s = pixelHist.shape;
        if (cell <= 0 || s[3] % cell != 0 || s[4] % cell != 0)
            throw new ArgumentException($"HOG cell size {cell} must divide the frame size {s[3]} x {s[4]}");
        using var scope = NewDisposeScope();
        var pooled = nn.functional.avg_pool2d(pixelHist.reshape(s[0], s[1] * s[2], s[3], s[4]), [cell, cell])
            .reshape(s[0], s[1], s[2], s[3] / cell, s[4] / cell);
        Tensor result = variant switch
        {
            HogVariant.Mme => pooled,
            HogVariant.MaskFeat => L2OverBins(pooled * ((double)cell * cell)),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown HOG variant"),
        };
        return scope.MoveToOuter(result);
    }

    private static Tensor L2OverBins(Tensor cells) => cells / cells.norm(2, [2], keepdim: true).clamp_min(1e-12);

    /// <summary>HOG cells of images (RGB frames or the two flow components for MBH): on float32 CPU tensors one fused
    /// kernel (<see cref="TargetKernels"/>, orientations from a polynomial atan2 within about 1e-7 rad of ATen's), tensor
    /// ops (<see cref="CellsWithTensorOps"/>) elsewhere.</summary>
    /// <param name="images">(N, C, H, W)</param>
    /// <returns>(N, C, bins, H/cell, W/cell)</returns>
    public static Tensor Cells(Tensor images, int cell, HogVariant variant, int bins = DefaultBins)
    {
        CheckCells(images, cell, variant, bins);
        return TargetKernels.Serve(images)
            ? TargetKernels.CellHistograms(images, cell, bins, signed: false, variant, gradient: true)
            : CellsWithTensorOps(images, cell, variant, bins);
    }

    /// <summary><see cref="Cells"/> with tensor ops, on any device.</summary>
    public static Tensor CellsWithTensorOps(Tensor images, int cell, HogVariant variant, int bins = DefaultBins)
    {
        CheckCells(images, cell, variant, bins);
        using var scope = NewDisposeScope();
        var (gx, gy) = Sobel(images);
        return scope.MoveToOuter(CellHistograms(gx, gy, cell, variant, bins));
    }

    /// <summary>Histograms of flow orientation (HOF) per cell: each pixel's flow magnitude in its signed (360 degree)
    /// orientation bin(s), pooled as the variant pools HOG. Fused kernel on float32 CPU tensors, tensor ops elsewhere
    /// (<see cref="FlowCellsWithTensorOps"/>).</summary>
    /// <param name="fields">(N, 2, H, W) flow (dx, dy)</param>
    /// <returns>(N, 1, bins, H/cell, W/cell)</returns>
    public static Tensor FlowCells(Tensor fields, int cell, HogVariant variant, int bins = DefaultBins)
    {
        CheckFlowCells(fields, cell, variant, bins);
        return TargetKernels.Serve(fields)
            ? TargetKernels.CellHistograms(fields, cell, bins, signed: true, variant, gradient: false)
            : FlowCellsWithTensorOps(fields, cell, variant, bins);
    }

    /// <summary><see cref="FlowCells"/> with tensor ops, on any device.</summary>
    public static Tensor FlowCellsWithTensorOps(Tensor fields, int cell, HogVariant variant, int bins = DefaultBins)
    {
        CheckFlowCells(fields, cell, variant, bins);
        return CellHistograms(fields.narrow(1, 0, 1), fields.narrow(1, 1, 1), cell, variant, bins, signed: true);
    }

    private static void CheckCells(Tensor images, int cell, HogVariant variant, int bins)
    {
        if (images.dim() != 4) throw new ArgumentException($"HOG takes images (N, C, H, W), got {Tensor.ShapeString(images.shape)}");
        CheckGeometry(images.size(2), images.size(3), cell, variant, bins);
    }

    private static void CheckFlowCells(Tensor fields, int cell, HogVariant variant, int bins)
    {
        if (fields.dim() != 4 || fields.size(1) != 2) throw new ArgumentException($"HOF takes flow fields (N, 2, H, W), got {Tensor.ShapeString(fields.shape)}");
        CheckGeometry(fields.size(2), fields.size(3), cell, variant, bins);
    }

    private static void CheckGeometry(long h, long w, int cell, HogVariant variant, int bins)
    {
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), $"HOG bins must be at least 2, got {bins}");
        if (cell <= 0 || h % cell != 0 || w % cell != 0)
            throw new ArgumentException($"HOG cell size {cell} must divide the frame size {h} x {w}");
        if (variant is not (HogVariant.Mme or HogVariant.MaskFeat)) throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown HOG variant");
    }

    /// <summary>The variant's pooling of per-cell magnitude sums: MME averages over the cell, MaskFeat L2-normalises the
    /// bins of each cell.</summary>
    /// <param name="sums">(N, C, bins, hc, wc)</param>
    private static Tensor Normalize(Tensor sums, int cell, HogVariant variant) =>
        variant == HogVariant.Mme ? sums / ((double)cell * cell) : L2OverBins(sums);

    /// <summary>
    /// <c>PoolCells(PixelHistograms(gx, gy, bins, signed, soft: variant == Mme), cell, variant)</c> without the
    /// (bins x H x W) one-hot map: every pixel's magnitude is scatter-added, row by row (one row per image and channel),
    /// straight into its cell's bin(s). The bins come from the same operations as <see cref="PixelHistograms"/>, so hard
    /// binning puts every pixel in the same bin; the cell sums agree up to float rounding.
    /// </summary>
    /// <param name="gx">(N, C, H, W) x component</param>
    /// <param name="gy">(N, C, H, W) y component</param>
    /// <param name="signed">false: orientation modulo 180 degrees (image gradients); true: over 360 (flow direction).</param>
    /// <returns>(N, C, bins, H/cell, W/cell)</returns>
    public static Tensor CellHistograms(Tensor gx, Tensor gy, int cell, HogVariant variant, int bins = DefaultBins, bool signed = false)
    {
        var (n, c, h, w) = (gx.size(0), gx.size(1), gx.size(2), gx.size(3));
        CheckGeometry(h, w, cell, variant, bins);
        var (hc, wc) = (h / cell, w / cell);
        var cells = hc * wc;
        using var scope = NewDisposeScope();
        // in place where a temporary can be reused: each full-size op is a pass over memory
        var magnitude = gx.square().add_(gy.square()).sqrt_().reshape(n * c, h * w);
        var span = signed ? 2 * Math.PI : Math.PI;
        // the bin coordinate of each pixel's orientation plus `bins`: atan2 gives [-span/2, span/2] (unsigned: [-180, 180]
        // degrees), so this is [bins/2, 3 bins/2] (signed) or [0, 2 bins] (unsigned). The histograms get 2 bins + 2 rows,
        // row r for bin (r - 1) mod bins, folded at the end: no modulo pass over the pixels.
        var position = gy.atan2(gx).mul_(bins / span).add_(bins).reshape(n * c, h * w);
        // the cell of every pixel, row-major over (H/cell, W/cell): (1, H*W)
        var cellOf = (arange(0, h, 1, float32, gx.device).div_(cell).floor_().reshape(h, 1) * wc
            + arange(0, w, 1, float32, gx.device).div_(cell).floor_().reshape(1, w)).reshape(1, h * w);
        var rows = zeros([n * c, (2 * bins + 2) * cells], float32, gx.device);
        if (variant == HogVariant.Mme)
        {
            // soft: split between the bin centres either side, lower = floor(position - 0.5) (row lower + 1) and lower + 1
            var lower = position.sub_(0.5).floor();
            var frac = position.sub_(lower);
            var loIndex = lower.add_(1).mul_(cells).add_(cellOf).to(int64);
            rows = rows.scatter_add(1, loIndex, (1 - frac).mul_(magnitude)).scatter_add(1, loIndex.add_(cells), frac.mul_(magnitude));
        }
        else
        {
            var index = position.floor_().add_(1).mul_(cells).add_(cellOf).to(int64);
            rows = rows.scatter_add(1, index, magnitude);
        }
        rows = rows.reshape(n * c, 2 * bins + 2, cells);
        var hist = rows.narrow(1, 1, bins) + rows.narrow(1, bins + 1, bins);
        hist.narrow(1, bins - 1, 1).add_(rows.narrow(1, 0, 1));
        hist.narrow(1, 0, 1).add_(rows.narrow(1, 2 * bins + 1, 1));
        return scope.MoveToOuter(Normalize(hist.reshape(n, c, bins, hc, wc), cell, variant));
    }
}
