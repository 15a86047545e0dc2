using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Settings of frame (time-only) masking.</summary>
/// <param name="Ratio">fraction of temporal slots hidden: exactly round(Ratio * slots) per clip.</param>
public sealed record FrameMaskConfig(double Ratio = 0.5);

/// <summary>MotionMAE's "time-only" masking: whole temporal slots hidden.</summary>
public sealed class FrameMask(FrameMaskConfig config) : IMaskGenerator
{
    public FrameMaskConfig Config { get; } = config;
    public string Name => "frame";
    public double Ratio { get; } = MaskRatio.Check(config.Ratio, "frame");
    public TargetNeeds Needs => TargetNeeds.None;

    public MaskResult Generate(ClipBatch batch, TokenGrid grid)
    {
        MaskRatio.CheckGrid(batch, grid);
        var visibleSlots = MaskRatio.Visible(grid.Slots, Ratio, Name, "temporal slots");
        using var scope = NewDisposeScope();
        var slotScores = rand([batch.BatchSize, grid.Slots, 1], float32, batch.Clip.device);
        var scores = slotScores.expand(batch.BatchSize, grid.Slots, grid.TokensPerSlot).reshape(batch.BatchSize, grid.Tokens);
        var r = MaskBuilder.TopK(scores, (long)visibleSlots * grid.TokensPerSlot);
        return new MaskResult(scope.MoveToOuter(r.Mask), scope.MoveToOuter(r.Visible));
    }
}
