using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// Optical-flow field operations with tensor ops. Flow convention (as ClipBatch.Flow): (dx, dy) in pixels, a point at x
/// in frame i is at x + F(x) in frame i+1.
/// </summary>
public static class FlowOps
{
    /// <summary>Pixel coordinates (x, y) of every pixel.</summary>
    /// <returns>(1, H, W, 2) float32</returns>
    public static Tensor PixelGrid(long height, long width, Device device)
    {
        using var scope = NewDisposeScope();
        var ys = arange(0, height, 1, float32, device).reshape(1, height, 1, 1).expand(1, height, width, 1);
        var xs = arange(0, width, 1, float32, device).reshape(1, 1, width, 1).expand(1, height, width, 1);
        return scope.MoveToOuter(cat([xs, ys], 3));
    }

    /// <summary>Bilinear samples of a field at pixel positions (align_corners semantics: pixel i sits at i).</summary>
    /// <param name="field">(N, C, H, W)</param>
    /// <param name="positions">(N, H_out, W_out, 2) pixel coordinates (x, y)</param>
    /// <param name="padding">"zeros" (outside counts as 0) or "border" (clamps to the edge)</param>
    /// <returns>(N, C, H_out, W_out)</returns>
    public static Tensor Sample(Tensor field, Tensor positions, string padding = "border")
    {
        var h = field.size(2);
        var w = field.size(3);
        using var scope = NewDisposeScope();
        var scale = tensor(new float[] { 2f / Math.Max(1, w - 1), 2f / Math.Max(1, h - 1) }, [1, 1, 1, 2], field.device);
        var grid = positions * scale - 1;
        return scope.MoveToOuter(nn.functional.grid_sample(field, grid, "bilinear", padding, align_corners: true));
    }

    /// <summary>
    /// <see cref="Sample"/> (border padding) of the 3x3-median-filtered field, with the median computed only at the four
    /// pixels around each position rather than over the whole field: the same numbers as filtering first, for tracking
    /// a few thousand points through large frames.
    /// </summary>
    /// <param name="field">(N, C, H, W) unfiltered</param>
    /// <param name="positions">(N, 1, P, 2) pixel coordinates (x, y)</param>
    /// <returns>(N, C, 1, P)</returns>
    public static Tensor SampleMedian3x3(Tensor field, Tensor positions)
    {
        var (n, c, h, w) = (field.size(0), field.size(1), field.size(2), field.size(3));
        using var scope = NewDisposeScope();
        var p = positions.size(2);
        var px = positions.select(3, 0).reshape(n, p).clamp(0, w - 1);
        var py = positions.select(3, 1).reshape(n, p).clamp(0, h - 1);
        var x0 = px.floor();
        var y0 = py.floor();
        var ax = (px - x0).unsqueeze(1);
        var ay = (py - y0).unsqueeze(1);
        var x1 = (x0 + 1).clamp_max(w - 1);
        var y1 = (y0 + 1).clamp_max(h - 1);
        // one gather of the 4x4 block around (x0, y0) holds the 3x3 windows of all four bilinear corners
        var offsets = arange(-1, 3, 1, float32, field.device);
        var bx = (x0.unsqueeze(2) + offsets.reshape(1, 1, 4)).clamp(0, w - 1); // (N, P, 4)
        var by = (y0.unsqueeze(2) + offsets.reshape(1, 1, 4)).clamp(0, h - 1);
        var idx = (by.unsqueeze(3) * w + bx.unsqueeze(2)).@long().reshape(n, 1, p * 16); // (N, 1, P*16), block row-major
        var block = field.reshape(n, c, h * w).gather(2, idx.expand(n, c, p * 16)).reshape(n, c, p, 16);
        var windows = block.index_select(3, CornerWindows(field.device)).reshape(n, c, p, 4, 9);
        var med = MedianOfNine(windows.unbind(4)); // (N, C, P, 4): corners (x0,y0), (x1,y0), (x0,y1), (x1,y1)
        // at the right or bottom edge x1 = x0 (or y1 = y0) but its weight ax (ay) is then 0, so the shifted window never counts
        var weights = stack([(1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay], 3); // (N, 1, P, 4)
        var r = (med * weights).sum(3);
        return scope.MoveToOuter(r.unsqueeze(2));
    }

    /// <summary>Indices into a row-major 4x4 block of the 3x3 windows centred at block (1,1), (1,2), (2,1), (2,2).</summary>
    private static Tensor CornerWindows(Device device)
    {
        var idx = new List<long>();
        foreach (var (cx, cy) in new[] { (1, 1), (2, 1), (1, 2), (2, 2) })
            for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++) idx.Add((cy + dy) * 4 + cx + dx);
        return tensor(idx.ToArray(), device: device);
    }

    /// <summary>The 19-exchange median-of-9 network over nine same-shaped tensors (elementwise min/max).</summary>
    private static Tensor MedianOfNine(Tensor[] p)
    {
        foreach (var (a, b) in MedianNetwork)
        {
            var lo = p[a].minimum(p[b]);
            p[b] = p[a].maximum(p[b]);
            p[a] = lo;
        }
        return p[4];
    }

    /// <summary>Backward warp: out(x) = field(x + flow(x)).</summary>
    /// <param name="field">(N, C, H, W)</param>
    /// <param name="flow">(N, 2, H, W)</param>
    public static Tensor Warp(Tensor field, Tensor flow, string padding = "border")
    {
        using var scope = NewDisposeScope();
        var pos = PixelGrid(flow.size(2), flow.size(3), flow.device) + flow.permute(0, 2, 3, 1);
        return scope.MoveToOuter(Sample(field, pos, padding));
    }

    /// <summary>Chains raw-rate flows into flows between frames <paramref name="stride"/> apart: F = f_r; F += f_{r+j}(x + F).</summary>
    /// <param name="flows">(B, F, 2, H, W) raw-rate flows</param>
    /// <param name="starts">raw frame index of each composed flow's first frame</param>
    /// <returns>(B, starts.Length, 2, H, W)</returns>
    public static Tensor Compose(Tensor flows, long[] starts, int stride)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"stride must be at least 1, got {stride}");
        var s = flows.shape;
        var n = starts.Length;
        foreach (var r in starts)
            if (r < 0 || r + stride > s[1])
                throw new ArgumentException($"composing flow from raw frame {r} over stride {stride} needs flow frames up to {r + stride - 1}, but the batch carries {s[1]}");
        using var scope = NewDisposeScope();
        Tensor Take(int j) => flows.index_select(1, tensor(starts.Select(r => r + j).ToArray(), device: flows.device)).reshape(s[0] * n, 2, s[3], s[4]);
        var total = Take(0);
        for (var j = 1; j < stride; j++)
        {
            using var step = NewDisposeScope();
            var next = step.MoveToOuter(total + Warp(Take(j), total));
            total.Dispose();
            total = next;
        }
        return scope.MoveToOuter(total.reshape(s[0], n, 2, s[3], s[4]));
    }

    /// <summary>Inverts a flow field by fixed-point iteration b(x) = -f(x + b(x)): from frame i+1 back to frame i.</summary>
    /// <param name="flow">(N, 2, H, W) forward flow</param>
    /// <returns>(N, 2, H, W) backward flow</returns>
    public static Tensor Invert(Tensor flow, int iterations = 5)
    {
        using var scope = NewDisposeScope();
        var back = -flow;
        for (var i = 0; i < iterations; i++)
        {
            // each iterate is freed as soon as the next exists, so the iterations reuse memory instead of touching fresh pages
            using var warped = Warp(flow, back);
            var next = -warped;
            back.Dispose();
            back = next;
        }
        return scope.MoveToOuter(back);
    }

    private static readonly (int, int)[] MedianNetwork =
    [
        (1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3),
        (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2),
    ];

    /// <summary>3x3 median filter of each component (replicate padding): MME's Eq. 6 smoothing before tracking.</summary>
    /// <param name="flow">(N, C, H, W)</param>
    public static Tensor Median3x3(Tensor flow)
    {
        var s = flow.shape;
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(flow, [1, 1, 1, 1], "replicate");
        var p = new Tensor[9];
        for (var i = 0; i < 9; i++) p[i] = padded.narrow(2, i / 3, s[2]).narrow(3, i % 3, s[3]);
        // the 19-exchange median-of-9 network: elementwise min/max, far faster than sorting windows
        var median = MedianOfNine(p);
        return scope.MoveToOuter(median);
    }
}
