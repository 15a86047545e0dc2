using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>One benchmark scale: the token grid, stride and batch, and a synthetic batch carrying everything any target or mask needs.</summary>
/// <param name="Name">"full" (16x224x224, 2x16x16 tokens) or "cpu" (the cpu scale's geometry).</param>
public sealed record BenchTargetsScale(string Name, TokenGrid Grid, int Stride, int Batch)
{
    /// <summary>Random frames and smooth random flow, with the extra raw frames and flow the default trajectories need.</summary>
    public ClipBatch MakeBatch(Device device)
    {
        var traj = TrajectoryTracker.RequiredFlowFrames(Grid, Stride, new TrajectoryConfig().Length, interpolate: true);
        var flows = Math.Max(Grid.Frames * Stride - 1, traj);
        var rawFrames = Math.Max(Grid.Frames * Stride, flows + 1);
        using var scope = NewDisposeScope();
        var raw = rand([Batch, 3, rawFrames, Grid.Height, Grid.Width], float32, device);
        var clip = raw.index_select(2, arange(0, (double)Grid.Frames * Stride, Stride, int64, device)).contiguous();
        var noise = randn([Batch * flows, 2, Grid.Height, Grid.Width], float32, device) * 4;
        var flow = nn.functional.avg_pool2d(noise, [9, 9], [1, 1], [4, 4], count_include_pad: false).reshape(Batch, flows, 2, Grid.Height, Grid.Width);
        return new ClipBatch(scope.MoveToOuter(clip), scope.MoveToOuter(raw), scope.MoveToOuter(flow), null, Stride);
    }
}
