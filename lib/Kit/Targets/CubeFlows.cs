using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>The flow fields inside each cube, for the flow, HOF and MBH targets.</summary>
public static class CubeFlows
{
    /// <summary>Flow fields per cube: dense = every raw-rate flow between the raw frames the cube spans (t*stride - 1);
    /// otherwise the flows between the cube's sampled frames at the input stride (t - 1), composed from raw-rate flow.</summary>
    public static int PerCube(TokenGrid grid, int stride, bool dense)
    {
        var n = dense ? grid.Tubelet * stride - 1 : grid.Tubelet - 1;
        if (n < 1)
            throw new ArgumentException($"a cube of {grid.Tubelet} frame(s) at stride {stride} holds no flow between its frames: use tubelet >= 2, or dense (interpolated) flow with stride >= 2");
        return n;
    }

    /// <param name="batch">carries Flow (B, F, 2, H, W) raw-rate</param>
    /// <returns>(B, S, n, 2, H, W), camera motion removed as configured</returns>
    public static Tensor Select(ClipBatch batch, TokenGrid grid, bool dense, CameraCompensation camera, string target)
    {
        var flow = batch.Flow ?? throw new ArgumentException($"target {target} needs optical flow (ClipBatch.Flow), which is null: request TargetNeeds.Flow from the data layer");
        var stride = batch.Stride;
        var n = PerCube(grid, stride, dense);
        var span = grid.Tubelet * stride;
        var s = flow.shape;
        if (s.Length != 5 || s[2] != 2 || s[3] != grid.Height || s[4] != grid.Width)
            throw new ArgumentException($"target {target}: flow must be (B, F, 2, {grid.Height}, {grid.Width}), got {Tensor.ShapeString(s)}");
        using var scope = NewDisposeScope();
        Tensor picked;
        if (dense)
        {
            var idx = new List<long>();
            for (var slot = 0; slot < grid.Slots; slot++)
                for (var j = 0; j < n; j++) idx.Add((long)slot * span + j);
            if (idx[^1] >= s[1]) throw new ArgumentException($"target {target}: dense flow needs {idx[^1] + 1} raw flow frames but the batch carries {s[1]}");
            picked = flow.index_select(1, tensor(idx.ToArray(), device: flow.device));
        }
        else
        {
            var starts = new List<long>();
            for (var slot = 0; slot < grid.Slots; slot++)
                for (var i = 0; i < n; i++) starts.Add(((long)slot * grid.Tubelet + i) * stride);
            picked = FlowOps.Compose(flow, starts.ToArray(), stride);
        }
        var fields = picked.reshape(s[0] * grid.Slots * n, 2, s[3], s[4]);
        fields = CameraMotion.Remove(fields, camera);
        return scope.MoveToOuter(fields.reshape(s[0], grid.Slots, n, 2, s[3], s[4]));
    }
}
