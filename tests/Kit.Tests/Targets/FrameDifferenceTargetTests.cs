using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class FrameDifferenceTargetTests
{
    private static readonly TokenGrid Grid = new(4, 16, 16, 2, 8);

    [Fact]
    public void StaticClipHasZeroMotion()
    {
        using var scope = NewDisposeScope();
        var grid = new TokenGrid(6, 16, 16, 2, 8);
        var frame = rand(1, 3, 1, 16, 16);
        using var batch = Synthetic.Batch(frame.expand(1, 3, 6, 16, 16).contiguous(), 2);
        foreach (var g in new[] { 1, 2, 3 })
        {
            var v = new FrameDifferenceTarget(new FrameDifferenceConfig(g), new TargetContext(grid)).Compute(batch, grid)[0].Values;
            TestUtil.Shape(v, 1, grid.Tokens, 2 * 8 * 8 * 3);
            Assert.Equal(0f, v.abs().max().item<float>());
        }
    }

    [Fact]
    public void DifferenceUsesTheGapAndTheLastFramesLookBack()
    {
        using var scope = NewDisposeScope();
        // frame f holds the value f^2 everywhere
        var clip = (arange(0, 4, 1, float32).square()).reshape(1, 1, 4, 1, 1).expand(1, 3, 4, 16, 16).contiguous();
        var d = FrameDifferenceTarget.Differences(clip, 2);
        Assert.Equal(new float[] { 4, 8, 4, 8 }, d[0, 0, .., 0, 0].ToArray<float>());
        using var batch = Synthetic.Batch(clip, 2);
        var raw = new FrameDifferenceTarget(new FrameDifferenceConfig(1, Normalize: false), new TargetContext(Grid)).Compute(batch, Grid)[0].Values;
        Assert.Equal(1f, raw[0, 0, 0].item<float>());
        Assert.Contains("Gap", Assert.Throws<ArgumentOutOfRangeException>(() => new FrameDifferenceTarget(new FrameDifferenceConfig(3), new TargetContext(Grid))).Message);
    }

    [Fact]
    public void FrameMotionGivesTwoPartsForTheTwoHeads()
    {
        using var scope = NewDisposeScope();
        var t = new FrameMotionTarget(new FrameMotionConfig(), new TargetContext(Grid));
        Assert.Equal([("frame", 384), ("motion", 384)], t.Parts);
        using var batch = Synthetic.Batch(rand(2, 3, 4, 16, 16), 2);
        var parts = t.Compute(batch, Grid);
        Assert.Equal(["frame", "motion"], parts.Select(p => p.Name));
        var flowPair = new FrameMotionTarget(new FrameMotionConfig(MotionSource.Flow), new TargetContext(Grid));
        Assert.Equal(TargetNeeds.Flow, flowPair.Needs);
        Assert.Equal(8 * 8 * 2, flowPair.Parts[1].Dim);
    }
}
