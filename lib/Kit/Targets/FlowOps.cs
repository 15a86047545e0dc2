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
        return scope.MoveToOuter(SampleOwned(field, positions * GridScale(h, w, field.device), padding));
    }

    /// <summary>grid_sample's per-pixel scale (x, y): normalised = pixel * scale - 1.</summary>
    private static Tensor GridScale(long h, long w, Device device) =>
        tensor(new float[] { 2f / Math.Max(1, w - 1), 2f / Math.Max(1, h - 1) }, [1, 1, 1, 2], device);

    /// <summary><see cref="Sample"/> from positions already multiplied by <see cref="GridScale"/>, a temporary the caller
    /// owns: it is shifted to grid_sample's [-1, 1] in place.</summary>
    private static Tensor SampleOwned(Tensor field, Tensor scaledPositions, string padding) =>
        nn.functional.grid_sample(field, scaledPositions.sub_(1), "bilinear", padding, align_corners: true);

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
        var ax = (px - x0).unsqueeze(1); // (N, 1, P)
        var ay = (py - y0).unsqueeze(1);
        // one gather of the 3x3 windows of all four bilinear corners, neighbour-major so that each of the nine median
        // inputs is a contiguous (N, C, 4, P) slab: entry (dy, dx) of the window of corner (cx, cy) is pixel
        // (x0 + cx + dx, y0 + cy + dy), clamped to the frame (replicate padding)
        var (ox, oy) = NeighbourOffsets(field.device); // (1, 36, 1) each: neighbour-major, then corner
        var xs = (x0.unsqueeze(1) + ox).clamp_(0, w - 1);
        var ys = (y0.unsqueeze(1) + oy).clamp_(0, h - 1);
        var idx = ys.mul_(w).add_(xs).@long().reshape(n, 1, 36 * p); // (N, 1, 36*P)
        var values = field.reshape(n, c, h * w).gather(2, idx.expand(n, c, 36 * p)).reshape(n, c, 9, 4, p);
        var med = MedianOfNine(values.unbind(2)); // (N, C, 4, P): corners (x0,y0), (x1,y0), (x0,y1), (x1,y1)
        // at the right or bottom edge x0 + 1 lies outside the frame but its weight ax (ay) is then 0, so that window never counts
        var weights = stack([(1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay], 2); // (N, 1, 4, P)
        var r = (med * weights).sum(2);
        return scope.MoveToOuter(r.unsqueeze(2));
    }

    /// <summary>x and y offsets from (x0, y0) of the 3x3 window entries (dy, dx) of the four corners (cx, cy), in the
    /// order (dy, dx) row-major, then corners (0,0), (1,0), (0,1), (1,1).</summary>
    /// <returns>(1, 36, 1) float32 each</returns>
    private static (Tensor x, Tensor y) NeighbourOffsets(Device device)
    {
        var xs = new List<float>();
        var ys = new List<float>();
        for (var dy = -1; dy <= 1; dy++)
            for (var dx = -1; dx <= 1; dx++)
                foreach (var (cx, cy) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
                {
                    xs.Add(cx + dx);
                    ys.Add(cy + dy);
                }
        return (tensor(xs.ToArray(), [1, 36, 1], device), tensor(ys.ToArray(), [1, 36, 1], device));
    }

    /// <summary>The 19-exchange median-of-9 network over nine same-shaped tensors (elementwise min/max).</summary>
    private static Tensor MedianOfNine(Tensor[] p)
    {
        foreach (var (a, b, min, max) in MedianExchanges)
        {
            var lo = min ? p[a].minimum(p[b]) : null;
            if (max) p[b] = p[a].maximum(p[b]);
            if (lo is not null) p[a] = lo;
        }
        return p[4];
    }

    private static (int, int, bool, bool)[] Prune((int, int)[] network)
    {
        var needed = new HashSet<int> { 4 };
        var result = new List<(int, int, bool, bool)>();
        foreach (var (a, b) in network.Reverse())
        {
            var (min, max) = (needed.Contains(a), needed.Contains(b));
            if (min || max)
            {
                needed.Add(a);
                needed.Add(b);
            }
            result.Add((a, b, min, max));
        }
        result.Reverse();
        return [.. result];
    }

    /// <summary>Backward warp: out(x) = field(x + flow(x)).</summary>
    /// <param name="field">(N, C, H, W)</param>
    /// <param name="flow">(N, 2, H, W)</param>
    public static Tensor Warp(Tensor field, Tensor flow, string padding = "border")
    {
        using var scope = NewDisposeScope();
        var (h, w) = (field.size(2), field.size(3));
        var pos = (PixelGrid(flow.size(2), flow.size(3), flow.device) + flow.permute(0, 2, 3, 1)).mul_(GridScale(h, w, flow.device));
        return scope.MoveToOuter(SampleOwned(field, pos, padding));
    }

    /// <summary>Chains raw-rate flows into flows between frames <paramref name="stride"/> apart: F = f_r; F += f_{r+j}(x + F).</summary>
    /// <param name="flows">(B, F, 2, H, W) raw-rate flows</param>
    /// <param name="starts">raw frame index of each composed flow's first frame</param>
    /// <returns>(B, starts.Length, 2, H, W)</returns>
    public static Tensor Compose(Tensor flows, long[] starts, int stride)
    {
        CheckCompose(flows, starts, stride);
        return TargetKernels.Serve(flows)
            ? TargetKernels.ComposeFlows(flows, tensor(starts, device: flows.device), stride)
            : ComposeWithTensorOps(flows, starts, stride);
    }

    private static void CheckCompose(Tensor flows, long[] starts, int stride)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"stride must be at least 1, got {stride}");
        if (flows.dim() != 5 || flows.size(2) != 2) throw new ArgumentException($"composing flow takes flows (B, F, 2, H, W), got {Tensor.ShapeString(flows.shape)}");
        foreach (var r in starts)
            if (r < 0 || r + stride > flows.size(1))
                throw new ArgumentException($"composing flow from raw frame {r} over stride {stride} needs flow frames up to {r + stride - 1}, but the batch carries {flows.size(1)}");
    }

    /// <summary><see cref="Compose"/> with tensor ops (grid_sample), on any device (float32 CPU flows go to a fused kernel).</summary>
    public static Tensor ComposeWithTensorOps(Tensor flows, long[] starts, int stride)
    {
        CheckCompose(flows, starts, stride);
        var s = flows.shape;
        var n = starts.Length;
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
        if (flow.dim() != 4 || flow.size(1) != 2) throw new ArgumentException($"inverting flow takes flows (N, 2, H, W), got {Tensor.ShapeString(flow.shape)}");
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), $"iterations must not be negative, got {iterations}");
        return TargetKernels.Serve(flow) ? TargetKernels.InvertFlows(flow, iterations) : InvertWithTensorOps(flow, iterations);
    }

    /// <summary><see cref="Invert"/> with tensor ops (grid_sample), on any device (float32 CPU flows go to a fused kernel,
    /// which runs each pixel's iterations in one pass: an iterate depends only on the same pixel's previous one).</summary>
    public static Tensor InvertWithTensorOps(Tensor flow, int iterations = 5)
    {
        using var scope = NewDisposeScope();
        var back = -flow;
        for (var i = 0; i < iterations; i++)
        {
            // each iterate is freed as soon as the next exists, so the iterations reuse memory instead of touching fresh pages
            var next = Warp(flow, back).neg_();
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

    /// <summary>The network's exchanges with the outputs the median needs: a min (max) that nothing later reads toward
    /// p[4] is skipped, which leaves the median unchanged and saves a third of the operations.</summary>
    private static readonly (int A, int B, bool Min, bool Max)[] MedianExchanges = Prune(MedianNetwork);

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
