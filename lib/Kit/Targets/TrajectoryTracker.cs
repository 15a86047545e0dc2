using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>Tracked points of every slot of a batch.</summary>
/// <param name="Displacements">(B, N, K, L, 2) per-step (dx, dy) in pixels.</param>
/// <param name="Positions">(B, N, K, L + 1, 2) positions (x, y), starting at the seeds.</param>
/// <param name="InView">(B, N, K) bool: the trajectory never left the frame.</param>
public sealed record Trajectories(Tensor Displacements, Tensor Positions, Tensor InView) : IDisposable
{
    public void Dispose()
    {
        Displacements.Dispose();
        Positions.Dispose();
        InView.Dispose();
    }
}

/// <summary>
/// Dense point tracking with tensor ops (MME Eq. 6): K seeds per patch on a regular grid, each step
/// p &lt;- p + F(p) with F bilinearly sampled at the sub-pixel position, all points of all slots at once.
/// </summary>
public static class TrajectoryTracker
{
    /// <summary>Raw-rate flow frames a batch must carry for trajectories of length L.</summary>
    public static int RequiredFlowFrames(TokenGrid grid, int stride, int length, bool interpolate) =>
        interpolate ? (grid.Slots - 1) * grid.Tubelet * stride + length : ((grid.Slots - 1) * grid.Tubelet + length) * stride;

    /// <summary>Seed positions: k x k points per patch at the centres of a regular grid (offset c/2 in cells of c = p/k).</summary>
    /// <returns>(P, 2) with P = (H/c) * (W/c), row-major</returns>
    public static Tensor Seeds(TokenGrid grid, int pointsPerSide, Device device)
    {
        if (pointsPerSide < 1 || grid.Patch % pointsPerSide != 0)
            throw new ArgumentException($"trajectory PointsPerSide {pointsPerSide} must divide the patch size {grid.Patch}");
        var c = grid.Patch / pointsPerSide;
        using var scope = NewDisposeScope();
        var pts = FlowOps.PixelGrid(grid.Height / c, grid.Width / c, device).reshape(-1, 2) * c + c / 2;
        return scope.MoveToOuter(pts);
    }

    /// <summary>Tracks from each slot's first frame through <paramref name="flows"/>.</summary>
    /// <param name="flows">(B, F, 2, H, W) flow fields</param>
    /// <param name="starts">flow index of each slot's first step (S values)</param>
    /// <param name="medianFilter">sample the 3x3-median-filtered flow (MME Eq. 6) instead of the raw flow</param>
    public static Trajectories Track(Tensor flows, long[] starts, TokenGrid grid, int pointsPerSide, int length, bool medianFilter = false)
    {
        if (!TargetKernels.Serve(flows)) return TrackWithTensorOps(flows, starts, grid, pointsPerSide, length, medianFilter);
        var b = flows.size(0);
        var k = pointsPerSide;
        if (k < 1 || grid.Patch % k != 0)
            throw new ArgumentException($"trajectory PointsPerSide {k} must divide the patch size {grid.Patch}");
        using var scope = NewDisposeScope();
        // seeds in token order (patch row, patch column, then the patch's k x k), so that the kernel's (B, S, P, ...)
        // output already is (B, N, K, ...)
        var (all, disp, inView) = TargetKernels.Track(flows, tensor(starts, device: flows.device), TokenOrderSeeds(grid, k, flows.device), length, medianFilter);
        var kk = (long)k * k;
        return new Trajectories(
            scope.MoveToOuter(disp.reshape(b, grid.Tokens, kk, length, 2)),
            scope.MoveToOuter(all.reshape(b, grid.Tokens, kk, length + 1, 2)),
            scope.MoveToOuter(inView.reshape(b, grid.Tokens, kk)));
    }

    /// <summary><see cref="Seeds"/> ordered by patch row, patch column, then the patch's own k x k row-major, built on
    /// the host (one small tensor instead of a chain of ops).</summary>
    /// <returns>(Rows * Cols * k * k, 2)</returns>
    private static Tensor TokenOrderSeeds(TokenGrid grid, int k, Device device)
    {
        var c = grid.Patch / k;
        var xy = new float[grid.Rows * grid.Cols * k * k * 2];
        var i = 0;
        for (var row = 0; row < grid.Rows; row++)
            for (var col = 0; col < grid.Cols; col++)
                for (var ky = 0; ky < k; ky++)
                    for (var kx = 0; kx < k; kx++)
                    {
                        xy[i++] = (col * k + kx) * c + c / 2;
                        xy[i++] = (row * k + ky) * c + c / 2;
                    }
        return tensor(xy, [xy.Length / 2, 2], device);
    }

    /// <summary>(..., L+1, 2) positions -> (...) whether every step stayed inside the frame.</summary>
    private static Tensor InView(Tensor positions, long h, long w)
    {
        var x = positions.select(-1, 0);
        var y = positions.select(-1, 1);
        return ((x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)).all(-1);
    }

    /// <summary><see cref="Track"/> with tensor ops, on any device (float32 CPU flows go to a fused kernel instead).</summary>
    public static Trajectories TrackWithTensorOps(Tensor flows, long[] starts, TokenGrid grid, int pointsPerSide, int length, bool medianFilter = false)
    {
        var b = flows.size(0);
        var s = starts.Length;
        var h = flows.size(3);
        var w = flows.size(4);
        using var scope = NewDisposeScope();
        var seeds = Seeds(grid, pointsPerSide, flows.device);
        var p = seeds.size(0);
        var pos = seeds.reshape(1, 1, p, 2).expand(b * s, 1, p, 2).contiguous();
        var positions = new List<Tensor> { pos };
        var steps = new List<Tensor>();
        for (var j = 0; j < length; j++)
        {
            // each step's temporaries (the gathered fields above all) are freed before the next step allocates
            using var step = NewDisposeScope();
            var idx = tensor(starts.Select(x => x + j).ToArray(), device: flows.device);
            var field = flows.index_select(1, idx).reshape(b * s, 2, h, w);
            var d = step.MoveToOuter((medianFilter ? FlowOps.SampleMedian3x3(field, pos) : FlowOps.Sample(field, pos)).permute(0, 2, 3, 1)); // (B*S, 1, P, 2)
            pos = step.MoveToOuter(pos + d);
            steps.Add(d);
            positions.Add(pos);
        }
        var all = stack(positions, 3).reshape(b * s, p, length + 1, 2);
        var disp = length > 0 ? stack(steps, 3).reshape(b * s, p, length, 2) : zeros([b * s, p, 0, 2], float32, flows.device);
        var inside = InView(all, h, w);
        var k = pointsPerSide;
        return new Trajectories(
            scope.MoveToOuter(PerToken(disp, b, grid, k)),
            scope.MoveToOuter(PerToken(all, b, grid, k)),
            scope.MoveToOuter(PerToken(inside, b, grid, k)));
    }

    /// <summary>(B*S, P, ...) with P row-major over the (Rows*k, Cols*k) seed grid -> (B, N, K, ...).</summary>
    internal static Tensor PerToken(Tensor x, long batch, TokenGrid grid, int k)
    {
        var rest = x.shape.Skip(2).ToArray();
        var shape = new long[] { batch, grid.Slots, grid.Rows, k, grid.Cols, k }.Concat(rest).ToArray();
        var order = new long[] { 0, 1, 2, 4, 3, 5 }.Concat(Enumerable.Range(6, rest.Length).Select(i => (long)i)).ToArray();
        var final = new long[] { batch, grid.Tokens, (long)k * k }.Concat(rest).ToArray();
        return x.reshape(shape).permute(order).reshape(final);
    }
}
