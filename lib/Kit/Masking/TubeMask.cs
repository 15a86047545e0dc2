using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Settings of tube masking.</summary>
/// <param name="Ratio">fraction of each slot's tokens hidden: exactly round(Ratio * N_slot) per slot.</param>
public sealed record TubeMaskConfig(double Ratio = 0.9);

/// <summary>VideoMAE's tube masking: one random spatial mask per clip, repeated in every temporal slot ("space-only").</summary>
public sealed class TubeMask(TubeMaskConfig config) : IMaskGenerator
{
    public TubeMaskConfig Config { get; } = config;
    public string Name => "tube";
    public double Ratio { get; } = MaskRatio.Check(config.Ratio, "tube");
    public TargetNeeds Needs => TargetNeeds.None;

    public MaskResult Generate(ClipBatch batch, TokenGrid grid)
    {
        MaskRatio.CheckGrid(batch, grid);
        var visible = MaskRatio.Visible(grid.TokensPerSlot, Ratio, Name, "tokens per slot");
        using var scope = NewDisposeScope();
        var spatial = rand([batch.BatchSize, 1, grid.TokensPerSlot], float32, batch.Clip.device).expand(batch.BatchSize, grid.Slots, grid.TokensPerSlot);
        var r = MaskBuilder.TopKPerSlot(spatial, visible);
        return new MaskResult(scope.MoveToOuter(r.Mask), scope.MoveToOuter(r.Visible));
    }
}
