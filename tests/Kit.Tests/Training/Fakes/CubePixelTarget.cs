using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Training.Fakes;

/// <summary>
/// Test-only target: the raw pixels of each token cube, (B, N, C * t * p * p), normalised per cube. A NaN can be
/// injected at a chosen call to test the trainer's finiteness check.
/// With <paramref name="normalize"/> false the raw 0..1 values are the target.
/// </summary>
public sealed class CubePixelTarget(TokenGrid grid, int channels = 3, int nanAtCall = -1, bool normalize = true) : ITarget
{
    private int calls;

    public string Name => "test-pixel";
    public IReadOnlyList<(string Name, int Dim)> Parts => [("pixel", channels * grid.Tubelet * grid.Patch * grid.Patch)];
    public TargetNeeds Needs => TargetNeeds.None;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid g)
    {
        using var scope = NewDisposeScope();
        var c = batch.Clip;
        var b = c.size(0);
        var cubes = c.reshape(b, channels, g.Slots, g.Tubelet, g.Rows, g.Patch, g.Cols, g.Patch)
            .permute(0, 2, 4, 6, 3, 5, 7, 1).reshape(b, g.Tokens, -1);
        var values = normalize ? (cubes - cubes.mean(2, keepdim: true)) / (cubes.std(2, keepdim: true) + 1e-6) : cubes.alias();
        if (calls++ == nanAtCall) values = values * double.NaN;
        return [new TargetPart("pixel", scope.MoveToOuter(values).DetachFromDisposeScope(), null)];
    }
}
