using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>Settings of the HOF target.</summary>
/// <param name="Dense">true = every raw-rate flow the cube spans; false = flow between the cube's sampled frames.</param>
/// <param name="Variant">binning and cell normalisation, as for HOG (MaskFeat: hard, summed, L2 per cell).</param>
/// <param name="CellsPerSide">cells per patch side.</param>
/// <param name="Bins">orientation bins over 360 degrees.</param>
/// <param name="Camera">camera-motion removal before use.</param>
public sealed record HofConfig(bool Dense = false, HogVariant Variant = HogVariant.MaskFeat, int CellsPerSide = 2, int Bins = Hog.DefaultBins, CameraCompensation Camera = CameraCompensation.None);

/// <summary>Histogram of flow orientation (signed, 360 degrees), weighted by flow magnitude, per cell: D = n * k*k * bins.</summary>
public sealed class HofTarget : ITarget
{
    private readonly TargetContext context;
    private readonly int cell;

    public HofTarget(HofConfig config, TargetContext context)
    {
        Config = config;
        this.context = context;
        cell = context.CellSize(config.CellsPerSide);
    }

    public HofConfig Config { get; }
    public string Name => "hof";
    public int Dim => CubeFlows.PerCube(context.Grid, context.Stride, Config.Dense) * Config.CellsPerSide * Config.CellsPerSide * Config.Bins;
    public IReadOnlyList<(string Name, int Dim)> Parts => [("hof", Dim)];
    public TargetNeeds Needs => TargetNeeds.Flow;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        context.Check(batch, grid, Name);
        using var scope = NewDisposeScope();
        var flows = CubeFlows.Select(batch, grid, Config.Dense, Config.Camera, Name);
        var s = flows.shape;
        var fields = flows.reshape(s[0] * s[1] * s[2], 2, s[4], s[5]);
        var cells = Hog.FlowCells(fields, cell, Config.Variant, Config.Bins); // (B*S*n, 1, bins, hc, wc)
        var tokens = FlowCellTokens(cells, s[0], s[2], Config.Bins, grid, Config.CellsPerSide);
        return [new TargetPart("hof", scope.MoveToOuter(tokens), null)];
    }

    /// <summary>Per-flow-frame cell features to tokens, frame outermost.</summary>
    /// <param name="cells">(B*S*n, C, bins, hc, wc)</param>
    /// <returns>(B, N, n * k*k * C*bins)</returns>
    internal static Kit.Torch.Tensor FlowCellTokens(Kit.Torch.Tensor cells, long batch, long n, int bins, TokenGrid grid, int k)
    {
        var c = cells.size(1);
        return cells.reshape(batch, grid.Slots, n, c * bins, grid.Rows, k, grid.Cols, k)
            .permute(0, 1, 4, 6, 2, 5, 7, 3)
            .reshape(batch, grid.Tokens, n * k * k * c * bins);
    }
}
