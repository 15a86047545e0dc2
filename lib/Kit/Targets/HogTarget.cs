using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>Which sampled frame of a cube a single-frame target reads.</summary>
public enum CubeFrame
{
    First,
    Middle,
}

/// <summary>Settings of the HOG target.</summary>
/// <param name="Variant">MaskFeat (hard bins, summed, L2 per cell; first frame) or Mme (soft bins, averaged; middle frame).</param>
/// <param name="Frame">which frame of the cube; null = the variant's own choice (MaskFeat first, MME middle).</param>
/// <param name="Dense">true = HOG of every raw frame the cube spans, including frames the encoder never sees (MME's interpolation ablation).</param>
/// <param name="CellsPerSide">cells per patch side (2: 8x8 cells in a 16x16 patch).</param>
/// <param name="Bins">orientation bins over 180 degrees.</param>
public sealed record HogConfig(HogVariant Variant = HogVariant.MaskFeat, CubeFrame? Frame = null, bool Dense = false, int CellsPerSide = 2, int Bins = Hog.DefaultBins)
{
    public CubeFrame EffectiveFrame => Frame ?? (Variant == HogVariant.Mme ? CubeFrame.Middle : CubeFrame.First);
}

/// <summary>
/// HOG of each cube: per colour channel, Bins orientations, CellsPerSide^2 cells per patch: D = 4 * 3 * 9 = 108 at the
/// defaults (times t * stride raw frames when dense). Features ordered (frame, cell row, cell column, channel, bin).
/// </summary>
public sealed class HogTarget : ITarget
{
    private readonly TargetContext context;
    private readonly int cell;

    public HogTarget(HogConfig config, TargetContext context)
    {
        Config = config;
        this.context = context;
        cell = context.CellSize(config.CellsPerSide);
        if (config.Bins < 2) throw new ArgumentOutOfRangeException(nameof(config), $"HOG Bins must be at least 2, got {config.Bins}");
    }

    public HogConfig Config { get; }
    public string Name => "hog";
    private int FramesPerCube => Config.Dense ? context.Grid.Tubelet * context.Stride : 1;
    public int Dim => FramesPerCube * Config.CellsPerSide * Config.CellsPerSide * context.Channels * Config.Bins;
    public IReadOnlyList<(string Name, int Dim)> Parts => [("hog", Dim)];
    public TargetNeeds Needs => Config.Dense ? TargetNeeds.RawFrames : TargetNeeds.None;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        context.Check(batch, grid, Name);
        using var scope = NewDisposeScope();
        var frames = Config.Dense ? DenseFrames(batch, grid) : CubeFrames(batch.Clip, grid);
        var values = Tokens(frames, grid);
        return [new TargetPart("hog", scope.MoveToOuter(values), null)];
    }

    /// <summary>The chosen frame of each cube.</summary>
    /// <returns>(B, S, 1, C, H, W)</returns>
    private Tensor CubeFrames(Tensor clip, TokenGrid grid)
    {
        var offset = Config.EffectiveFrame == CubeFrame.Middle ? grid.Tubelet / 2 : 0;
        return clip.index_select(2, Cubes.SlotFrames(grid, offset, clip.device)).transpose(1, 2).unsqueeze(2);
    }

    /// <summary>Every raw frame each cube spans.</summary>
    /// <returns>(B, S, t*stride, C, H, W)</returns>
    private Tensor DenseFrames(ClipBatch batch, TokenGrid grid)
    {
        var raw = batch.RawClip ?? throw new ArgumentException("dense HOG needs the batch's raw frames (ClipBatch.RawClip), which is null: request TargetNeeds.RawFrames from the data layer");
        var span = grid.Tubelet * context.Stride;
        if (raw.size(2) < (long)grid.Slots * span)
            throw new ArgumentException($"dense HOG needs {grid.Slots * span} raw frames (T x stride) but RawClip has {raw.size(2)}");
        var s = raw.shape;
        return raw.narrow(2, 0, (long)grid.Slots * span).reshape(s[0], s[1], grid.Slots, span, s[3], s[4]).permute(0, 2, 3, 1, 4, 5);
    }

    /// <param name="frames">(B, S, F, C, H, W)</param>
    /// <returns>(B, N, F * k*k * C * bins)</returns>
    private Tensor Tokens(Tensor frames, TokenGrid grid)
    {
        var s = frames.shape;
        var cells = Hog.Cells(frames.reshape(s[0] * s[1] * s[2], s[3], s[4], s[5]), cell, Config.Variant, Config.Bins);
        var hc = s[4] / cell;
        var wc = s[5] / cell;
        // (B, S, F, C, bins, hc, wc) -> features per cell = (F, C, bins) but tokens keep frame outermost
        var perCell = cells.reshape(s[0], s[1], s[2], s[3] * Config.Bins, hc, wc);
        var k = Config.CellsPerSide;
        var tokens = perCell.reshape(s[0], s[1], s[2], s[3] * Config.Bins, grid.Rows, k, grid.Cols, k)
            .permute(0, 1, 4, 6, 2, 5, 7, 3)
            .reshape(s[0], grid.Tokens, s[2] * k * k * s[3] * Config.Bins);
        return tokens;
    }
}
