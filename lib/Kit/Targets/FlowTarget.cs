using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>Settings of the flow-map target.</summary>
/// <param name="Dense">true = every raw-rate flow the cube spans (interpolation); false = flow between the cube's sampled frames.</param>
/// <param name="Normalize">per cube and component, as the pixel target.</param>
/// <param name="Camera">camera-motion removal before use.</param>
public sealed record FlowTargetConfig(bool Dense = false, bool Normalize = true, CameraCompensation Camera = CameraCompensation.None);

/// <summary>The patch's flow map (MME's HOG+Flow row; MotionMAE's optical-flow motion target): D = n * p * p * 2.</summary>
public sealed class FlowTarget(FlowTargetConfig config, TargetContext context) : ITarget
{
    public FlowTargetConfig Config { get; } = config;
    public string Name => "flow";
    public int Dim => CubeFlows.PerCube(context.Grid, context.Stride, Config.Dense) * context.Grid.Patch * context.Grid.Patch * 2;
    public IReadOnlyList<(string Name, int Dim)> Parts => [("flow", Dim)];
    public TargetNeeds Needs => TargetNeeds.Flow;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        context.Check(batch, grid, Name);
        using var scope = NewDisposeScope();
        var flows = CubeFlows.Select(batch, grid, Config.Dense, Config.Camera, Name);
        var s = flows.shape;
        // (B, S, n, 2, H, W) -> per token (n * p * p, 2)
        var maps = flows.reshape(s[0], s[1], s[2] * 2, s[4], s[5]);
        var tokens = Cubes.PatchifySlots(maps, grid) // (B, N, p*p, n*2)
            .reshape(s[0], grid.Tokens, (long)grid.Patch * grid.Patch, s[2], 2)
            .permute(0, 1, 3, 2, 4)
            .reshape(s[0], grid.Tokens, s[2] * grid.Patch * grid.Patch, 2);
        if (Config.Normalize) tokens = Cubes.NormalizePerCube(tokens);
        return [new TargetPart("flow", scope.MoveToOuter(tokens.flatten(2)), null)];
    }
}
