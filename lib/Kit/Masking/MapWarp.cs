using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Moving MGMAE's visibility maps along optical flow, and filling the holes that motion opens.</summary>
public static class MapWarp
{
    /// <summary>Backward warping: out(x) = map(x + flow(x)), bilinear, zeros outside; a hole is a pixel whose sample lies
    /// wholly outside the frame (every bilinear neighbour out of bounds).</summary>
    /// <param name="map">(B, H, W)</param>
    /// <param name="flow">(B, 2, H, W) from the target frame to the source frame</param>
    /// <returns>warped (B, H, W) and hole (B, H, W) bool</returns>
    public static (Tensor warped, Tensor hole) Backward(Tensor map, Tensor flow)
    {
        var (h, w) = (map.size(1), map.size(2));
        using var scope = NewDisposeScope();
        var pos = FlowOps.PixelGrid(h, w, map.device) + flow.permute(0, 2, 3, 1);
        var warped = FlowOps.Sample(map.unsqueeze(1), pos, "zeros").squeeze(1);
        var x = pos.select(3, 0);
        var y = pos.select(3, 1);
        var hole = (x <= -1) | (x >= w) | (y <= -1) | (y >= h);
        return (scope.MoveToOuter(warped), scope.MoveToOuter(hole));
    }

    /// <summary>Forward warping: each source pixel's value is splatted bilinearly at x + flow(x) and the sums are divided by
    /// the splatted weights; a hole is a pixel nothing lands on.</summary>
    /// <param name="map">(B, H, W)</param>
    /// <param name="flow">(B, 2, H, W) from the source frame to the target frame</param>
    public static (Tensor warped, Tensor hole) Forward(Tensor map, Tensor flow)
    {
        var (b, h, w) = (map.size(0), map.size(1), map.size(2));
        using var scope = NewDisposeScope();
        var pos = (FlowOps.PixelGrid(h, w, map.device) + flow.permute(0, 2, 3, 1)).reshape(b, h * w, 2);
        var qx = pos.select(2, 0);
        var qy = pos.select(2, 1);
        var x0 = qx.floor();
        var y0 = qy.floor();
        var values = map.reshape(b, h * w);
        var acc = zeros([b, h * w], float32, map.device);
        var weight = zeros([b, h * w], float32, map.device);
        foreach (var (ox, oy) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
        {
            var xc = x0 + ox;
            var yc = y0 + oy;
            var wgt = (1 - (qx - xc).abs()) * (1 - (qy - yc).abs());
            var inside = ((xc >= 0) & (xc <= w - 1) & (yc >= 0) & (yc <= h - 1)).to(float32);
            wgt = wgt * inside;
            var idx = (yc.clamp(0, h - 1) * w + xc.clamp(0, w - 1)).@long();
            acc = acc.scatter_add(1, idx, values * wgt);
            weight = weight.scatter_add(1, idx, wgt);
        }
        var hole = weight <= 1e-6;
        var warped = (acc / weight.clamp_min(1e-6)).masked_fill(hole, 0.0);
        return (scope.MoveToOuter(warped.reshape(b, h, w)), scope.MoveToOuter(hole.reshape(b, h, w)));
    }

    /// <summary>Fills the holes of a warped map.</summary>
    /// <param name="warped">(B, H, W)</param>
    /// <param name="hole">(B, H, W) bool</param>
    /// <param name="previous">(B, H, W) the map that was warped</param>
    /// <param name="initial">(B, H, W) the base frame's initial map</param>
    /// <param name="rho">probability a hole pixel is hidden, for HoleFill.Random</param>
    public static Tensor Fill(Tensor warped, Tensor hole, HoleFill fill, Tensor previous, Tensor initial, double rho)
    {
        using var scope = NewDisposeScope();
        var source = fill switch
        {
            HoleFill.Invisible => zeros_like(warped),
            HoleFill.Visible => ones_like(warped),
            HoleFill.Random => bernoulli(full_like(warped, 1 - rho)),
            HoleFill.Previous => previous,
            HoleFill.Tube => initial,
            _ => throw new ArgumentOutOfRangeException(nameof(fill), fill, "unknown hole filling"),
        };
        return scope.MoveToOuter(where(hole, source, warped));
    }

    /// <summary>
    /// Maps for every sampled frame, warped outward from each clip's base frame in both directions: after the base,
    /// frame k+1 from frame k; before it, frame k-1 from frame k, each with the flow of the right direction.
    /// </summary>
    /// <param name="initial">(B, H, W) map at the base frame</param>
    /// <param name="forward">(B, T-1, 2, H, W): flow k -> k+1</param>
    /// <param name="backward">(B, T-1, 2, H, W): flow k+1 -> k</param>
    /// <param name="baseFrame">(B) int64 base frame per clip</param>
    /// <param name="releaseDirectionBug">before the base, use the flow of the other direction, as the MGMAE release does</param>
    /// <returns>(B, T, H, W)</returns>
    public static Tensor Propagate(Tensor initial, Tensor forward, Tensor backward, Tensor baseFrame, MapWarping warping, HoleFill fill, double rho, bool releaseDirectionBug = false)
    {
        if (!TargetKernels.Serve(initial, forward, backward))
            return PropagateWithTensorOps(initial, forward, backward, baseFrame, warping, fill, rho, releaseDirectionBug);
        using var scope = NewDisposeScope();
        // the fused kernel takes each direction's flows as the steps below pick them, and random fills as uniform draws
        // from the kit's generator (a hole pixel stays visible where its draw is below 1 - rho)
        var after = warping == MapWarping.Backward ? backward : forward;
        var before = (warping == MapWarping.Backward) ^ releaseDirectionBug ? forward : backward;
        var uniform = fill == HoleFill.Random ? rand([initial.size(0), forward.size(1) + 1, initial.size(1), initial.size(2)], float32, initial.device) : null;
        return scope.MoveToOuter(TargetKernels.PropagateMaps(initial, after, before, baseFrame, warping, fill, uniform, rho));
    }

    /// <summary><see cref="Propagate"/> with tensor ops, on any device (float32 CPU maps go to a fused kernel, which
    /// carries each clip through its frames in one pass).</summary>
    public static Tensor PropagateWithTensorOps(Tensor initial, Tensor forward, Tensor backward, Tensor baseFrame, MapWarping warping, HoleFill fill, double rho, bool releaseDirectionBug = false)
    {
        var b = initial.size(0);
        var t = forward.size(1) + 1;
        using var scope = NewDisposeScope();
        var rows = arange(0, b, 1, int64, initial.device);
        var maps = zeros([b, t, initial.size(1), initial.size(2)], float32, initial.device);
        maps.index_put_(initial, TensorIndex.FromTensor(rows), TensorIndex.FromTensor(baseFrame));
        for (var d = 1; d < t; d++)
        {
            // later frames: target = base + d from source = target - 1; sampling needs flow target->source (backward[source]),
            // splatting needs source->target (forward[source])
            Step(maps, rows, baseFrame + d, -1, warping == MapWarping.Backward ? backward : forward, warping, fill, initial, rho, t, sourceIsFlowIndex: true);
            // earlier frames: target = base - d from source = target + 1; sampling needs flow target->source (forward[target]),
            // splatting needs source->target (backward[target])
            Step(maps, rows, baseFrame - d, +1, (warping == MapWarping.Backward) ^ releaseDirectionBug ? forward : backward, warping, fill, initial, rho, t, sourceIsFlowIndex: false);
        }
        return scope.MoveToOuter(maps);
    }

    private static void Step(Tensor maps, Tensor rows, Tensor target, int sourceOffset, Tensor flows, MapWarping warping, HoleFill fill, Tensor initial, double rho, long t, bool sourceIsFlowIndex)
    {
        using var scope = NewDisposeScope();
        var valid = (target >= 0) & (target <= t - 1);
        var tgt = target.clamp(0, t - 1);
        var src = (target + sourceOffset).clamp(0, t - 1);
        var k = (sourceIsFlowIndex ? src : tgt).clamp(0, t - 2);
        var previous = maps.index(rows, src);
        var flow = flows.index(rows, k);
        var (warped, hole) = warping == MapWarping.Backward ? Backward(previous, flow) : Forward(previous, flow);
        var filled = Fill(warped, hole, fill, previous, initial, rho);
        var current = maps.index(rows, tgt);
        maps.index_put_(where(valid.reshape(-1, 1, 1), filled, current), TensorIndex.FromTensor(rows), TensorIndex.FromTensor(tgt));
    }

    private static Tensor index(this Tensor x, Tensor rows, Tensor cols) => x[TensorIndex.FromTensor(rows), TensorIndex.FromTensor(cols)];
}
