using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Training.Fakes;

/// <summary>Test-only mask: round(ratio * N) tokens hidden uniformly at random per clip (torch generator).</summary>
public sealed class RandomTokenMask(double ratio) : IMaskGenerator
{
    public string Name => "test-random";
    public double Ratio => ratio;
    public TargetNeeds Needs => TargetNeeds.None;

    public MaskResult Generate(ClipBatch batch, TokenGrid grid)
    {
        using var scope = NewDisposeScope();
        var b = batch.Clip.size(0);
        var n = grid.Tokens;
        var hidden = (int)Math.Round(ratio * n);
        var rank = rand([b, n], device: batch.Clip.device).argsort(1).argsort(1);
        var mask = rank < hidden;
        var visible = (!mask).nonzero().select(1, 1).reshape(b, n - hidden);
        return new MaskResult(scope.MoveToOuter(mask).DetachFromDisposeScope(), scope.MoveToOuter(visible).DetachFromDisposeScope());
    }
}
