using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Settings of random masking.</summary>
/// <param name="Ratio">fraction of tokens hidden: exactly round(Ratio * N) per clip.</param>
public sealed record RandomMaskConfig(double Ratio = 0.9);

/// <summary>Random tokens of the whole clip, an exact count per clip (MotionMAE Table 8 "random").</summary>
public sealed class RandomMask(RandomMaskConfig config) : IMaskGenerator
{
    public RandomMaskConfig Config { get; } = config;
    public string Name => "random";
    public double Ratio { get; } = MaskRatio.Check(config.Ratio, "random");
    public TargetNeeds Needs => TargetNeeds.None;

    public MaskResult Generate(ClipBatch batch, TokenGrid grid)
    {
        MaskRatio.CheckGrid(batch, grid);
        var visible = MaskRatio.Visible(grid.Tokens, Ratio, Name, "tokens");
        using var scope = NewDisposeScope();
        var r = MaskBuilder.TopK(rand([batch.BatchSize, grid.Tokens], float32, batch.Clip.device), visible);
        return new MaskResult(scope.MoveToOuter(r.Mask), scope.MoveToOuter(r.Visible));
    }
}
