using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>Settings of MotionMAE's motion target.</summary>
/// <param name="Gap">granularity g: the difference is taken between sampled frames f and f + g (MotionMAE Table 5c: 1, 2, 3).</param>
/// <param name="Normalize">per cube and channel, as the pixel target.</param>
public sealed record FrameDifferenceConfig(int Gap = 1, bool Normalize = true);

/// <summary>
/// MotionMAE's temporal difference: |frame f+g - frame f| for every frame f of the cube, cut like pixels: D = t*p*p*C.
/// The last g frames of the clip have no frame g ahead, so they use the pair (f - g, f) instead.
/// </summary>
public sealed class FrameDifferenceTarget : ITarget
{
    private readonly TargetContext context;

    public FrameDifferenceTarget(FrameDifferenceConfig config, TargetContext context)
    {
        // every frame needs a partner g ahead or g behind
        if (config.Gap < 1 || config.Gap > context.Grid.Frames / 2)
            throw new ArgumentOutOfRangeException(nameof(config), $"frame-difference Gap must be in [1, {context.Grid.Frames / 2}] (half the clip) for a {context.Grid.Frames}-frame clip, got {config.Gap}");
        Config = config;
        this.context = context;
    }

    public FrameDifferenceConfig Config { get; }
    public string Name => "frame-diff";
    public int Dim => context.Grid.Tubelet * context.Grid.Patch * context.Grid.Patch * context.Channels;
    public IReadOnlyList<(string Name, int Dim)> Parts => [("motion", Dim)];
    public TargetNeeds Needs => TargetNeeds.None;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        context.Check(batch, grid, Name);
        return [new TargetPart("motion", Values(batch.Clip, grid, Config.Gap, Config.Normalize), null)];
    }

    /// <summary>The cubes of the clip's frame differences (<see cref="Differences"/>), normalised like pixels when asked:
    /// one fused pass on float32 CPU tensors (<see cref="TargetKernels"/>, which never builds the difference clip),
    /// <see cref="ValuesWithTensorOps"/> elsewhere.</summary>
    /// <param name="clip">(B, C, T, H, W)</param>
    /// <returns>(B, N, t*p*p*C)</returns>
    public static Tensor Values(Tensor clip, TokenGrid grid, int gap, bool normalize)
    {
        Cubes.CheckClip(clip, grid);
        CheckGap(gap, clip.size(2));
        return TargetKernels.Serve(clip)
            ? TargetKernels.PixelCubes(clip, grid.Tubelet, grid.Patch, normalize, 1e-6, gap)
            : ValuesWithTensorOps(clip, grid, gap, normalize);
    }

    /// <summary><see cref="Values"/> with tensor ops, on any device.</summary>
    public static Tensor ValuesWithTensorOps(Tensor clip, TokenGrid grid, int gap, bool normalize)
    {
        Cubes.CheckClip(clip, grid);
        CheckGap(gap, clip.size(2));
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(PixelTarget.ValuesWithTensorOps(Differences(clip, gap), grid, normalize));
    }

    private static void CheckGap(int gap, long frames)
    {
        if (gap < 1 || 2 * gap > frames)
            throw new ArgumentOutOfRangeException(nameof(gap), $"frame-difference gap must be in [1, {frames / 2}] (half the clip) for a {frames}-frame clip, got {gap}");
    }

    /// <param name="clip">(B, C, T, H, W)</param>
    /// <returns>(B, C, T, H, W): |clip[f + g] - clip[f]|, or |clip[f] - clip[f - g]| where f + g is past the end</returns>
    public static Tensor Differences(Tensor clip, int gap)
    {
        var t = clip.size(2);
        using var scope = NewDisposeScope();
        var a = new long[t];
        var b = new long[t];
        for (long f = 0; f < t; f++) (a[f], b[f]) = f + gap < t ? (f, f + gap) : (f - gap, f);
        var first = clip.index_select(2, tensor(a, device: clip.device));
        var second = clip.index_select(2, tensor(b, device: clip.device));
        return scope.MoveToOuter((second - first).abs());
    }
}
