using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>Settings of the pixel target.</summary>
/// <param name="Normalize">VideoMAE's per-cube, per-channel normalisation with unbiased variance; false = raw pixels.</param>
public sealed record PixelConfig(bool Normalize = true);

/// <summary>The cube's pixels (VideoMAE / MotionMAE's frame target): D = t * p * p * C, ordered (frame, row, column, channel).</summary>
public sealed class PixelTarget(PixelConfig config, TargetContext context) : ITarget
{
    public PixelConfig Config { get; } = config;
    public string Name => "pixel";
    public int Dim => context.Grid.Tubelet * context.Grid.Patch * context.Grid.Patch * context.Channels;
    public IReadOnlyList<(string Name, int Dim)> Parts => [("pixel", Dim)];
    public TargetNeeds Needs => TargetNeeds.None;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        context.Check(batch, grid, Name);
        return [new TargetPart("pixel", Values(batch.Clip, grid, Config.Normalize), null)];
    }

    /// <summary>The cubes of a clip, normalised per cube and channel when asked: one fused pass on float32 CPU tensors
    /// (<see cref="TargetKernels"/>), tensor ops (<see cref="ValuesWithTensorOps"/>) elsewhere.</summary>
    /// <param name="clip">(B, C, T, H, W)</param>
    /// <returns>(B, N, t*p*p*C)</returns>
    public static Kit.Torch.Tensor Values(Kit.Torch.Tensor clip, TokenGrid grid, bool normalize)
    {
        Cubes.CheckClip(clip, grid);
        return TargetKernels.Serve(clip)
            ? TargetKernels.PixelCubes(clip, grid.Tubelet, grid.Patch, normalize, 1e-6)
            : ValuesWithTensorOps(clip, grid, normalize);
    }

    /// <summary><see cref="Values"/> with tensor ops, on any device.</summary>
    public static Kit.Torch.Tensor ValuesWithTensorOps(Kit.Torch.Tensor clip, TokenGrid grid, bool normalize)
    {
        Cubes.CheckClip(clip, grid);
        using var scope = NewDisposeScope();
        var cubes = Cubes.Patchify(clip, grid);
        if (normalize) cubes = Cubes.NormalizePerCube(cubes);
        return scope.MoveToOuter(cubes.flatten(2));
    }
}
