using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>Settings of the MBH target.</summary>
/// <param name="Dense">true = every raw-rate flow the cube spans (MME's "interp" row); false = flow between the cube's sampled frames.</param>
/// <param name="Variant">HOG recipe applied to each flow component.</param>
/// <param name="CellsPerSide">cells per patch side.</param>
/// <param name="Bins">orientation bins over 180 degrees.</param>
/// <param name="Camera">camera-motion removal before use (MBH is itself insensitive to constant camera motion).</param>
public sealed record MbhConfig(bool Dense = false, HogVariant Variant = HogVariant.MaskFeat, int CellsPerSide = 2, int Bins = Hog.DefaultBins, CameraCompensation Camera = CameraCompensation.None);

/// <summary>Motion boundary histograms: HOG of the x and of the y flow component, D = n * k*k * 2 * bins.</summary>
public sealed class MbhTarget : ITarget
{
    private readonly TargetContext context;
    private readonly int cell;

    public MbhTarget(MbhConfig config, TargetContext context)
    {
        Config = config;
        this.context = context;
        cell = context.CellSize(config.CellsPerSide);
    }

    public MbhConfig Config { get; }
    public string Name => "mbh";
    public int Dim => CubeFlows.PerCube(context.Grid, context.Stride, Config.Dense) * Config.CellsPerSide * Config.CellsPerSide * 2 * Config.Bins;
    public IReadOnlyList<(string Name, int Dim)> Parts => [("mbh", Dim)];
    public TargetNeeds Needs => TargetNeeds.Flow;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        context.Check(batch, grid, Name);
        using var scope = NewDisposeScope();
        var flows = CubeFlows.Select(batch, grid, Config.Dense, Config.Camera, Name);
        var s = flows.shape;
        var cells = Hog.Cells(flows.reshape(s[0] * s[1] * s[2], 2, s[4], s[5]), cell, Config.Variant, Config.Bins);
        var tokens = HofTarget.FlowCellTokens(cells, s[0], s[2], Config.Bins, grid, Config.CellsPerSide);
        return [new TargetPart("mbh", scope.MoveToOuter(tokens), null)];
    }
}
