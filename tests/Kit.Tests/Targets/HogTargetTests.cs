using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class HogTargetTests
{
    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 16);

    /// <summary>Frames alternate between a 10-degree ramp (even) and a 90-degree ramp (odd).</summary>
    private static Kit.Torch.Tensor Alternating()
    {
        using var scope = NewDisposeScope();
        var a = Synthetic.Ramp(10, 3, 1, 32, 32);
        var b = Synthetic.Ramp(90, 3, 1, 32, 32);
        return scope.MoveToOuter(cat([a, b, a, b], 2));
    }

    [Fact]
    public void DefaultIs108PerTokenAndReadsTheChosenFrame()
    {
        using var scope = NewDisposeScope();
        using var batch = Synthetic.Batch(Alternating(), 2);
        var ctx = new TargetContext(Grid, 3, 2);
        var first = new HogTarget(new HogConfig(HogVariant.MaskFeat), ctx);
        var middle = new HogTarget(new HogConfig(HogVariant.Mme), ctx);
        Assert.Equal(108, first.Parts[0].Dim);
        var f = first.Compute(batch, Grid)[0].Values;
        var m = middle.Compute(batch, Grid)[0].Values;
        TestUtil.Shape(f, 1, Grid.Tokens, 108);
        // token 0, cell (1,1) (the interior one of the top-left patch: features 3*27..), channel 0: bins 0..8
        var cell = 3 * 27;
        Assert.Equal(0, f[0, 0, cell..(cell + 9)].argmax().item<long>()); // first frame: 10 degrees
        Assert.Equal(4, m[0, 0, cell..(cell + 9)].argmax().item<long>()); // middle frame: 90 degrees
    }

    [Fact]
    public void DenseHogCoversEveryRawFrameOfTheCube()
    {
        using var scope = NewDisposeScope();
        var clip = Alternating();
        var raw = cat([Synthetic.Ramp(10, 3, 1, 32, 32), Synthetic.Ramp(50, 3, 1, 32, 32), Synthetic.Ramp(90, 3, 1, 32, 32), Synthetic.Ramp(130, 3, 1, 32, 32), Synthetic.Ramp(10, 3, 4, 32, 32)], 2);
        using var batch = Synthetic.Batch(clip, 2, raw);
        var dense = new HogTarget(new HogConfig(HogVariant.MaskFeat, Dense: true), new TargetContext(Grid, 3, 2));
        Assert.Equal(108 * 4, dense.Parts[0].Dim);
        Assert.Equal(TargetNeeds.RawFrames, dense.Needs);
        var v = dense.Compute(batch, Grid)[0].Values;
        TestUtil.Shape(v, 1, Grid.Tokens, 432);
        for (var frame = 0; frame < 4; frame++)
        {
            var at = frame * 108 + 3 * 27;
            Assert.Equal(new long[] { 0, 2, 4, 6 }[frame], v[0, 0, at..(at + 9)].argmax().item<long>());
        }
        using var noRaw = Synthetic.Batch(clip.alias(), 2);
        Assert.Contains("RawClip", Assert.Throws<ArgumentException>(() => dense.Compute(noRaw, Grid)).Message);
    }
}
