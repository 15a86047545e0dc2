using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>Flow, HOF and MBH targets (FlowTarget.cs, HofTarget.cs, MbhTarget.cs, CubeFlows.cs).</summary>
public class FlowFeatureTargetTests
{
    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 16);

    [Fact]
    public void RawFlowTargetIsThePatchFlowAtTheInputStride()
    {
        using var scope = NewDisposeScope();
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, Synthetic.ConstantFlow(1, 7, 32, 32, 0.5, -1));
        var t = new FlowTarget(new FlowTargetConfig(Normalize: false), new TargetContext(Grid));
        Assert.Equal(16 * 16 * 2, t.Parts[0].Dim);
        var v = t.Compute(batch, Grid)[0].Values.reshape(1, Grid.Tokens, 256, 2);
        Assert.True((v.select(3, 0) - 1.0).abs().max().item<float>() < 1e-6); // two raw steps of 0.5
        Assert.True((v.select(3, 1) + 2.0).abs().max().item<float>() < 1e-6);
        var dense = new FlowTarget(new FlowTargetConfig(Dense: true, Normalize: false), new TargetContext(Grid));
        Assert.Equal(3 * 256 * 2, dense.Parts[0].Dim);
        TestUtil.Shape(dense.Compute(batch, Grid)[0].Values, 1, Grid.Tokens, 3 * 512);
    }

    [Theory]
    [InlineData(1, 0, 0)] // moving right: 0 degrees, bin 0 of 40-degree bins
    [InlineData(0, 1, 2)] // moving down (y grows): 90 degrees, bin 2
    [InlineData(-1, 0, 4)] // moving left: 180 degrees, bin 4
    public void HofBinsTheFlowDirectionOverThreeSixtyDegrees(double dx, double dy, int bin)
    {
        using var scope = NewDisposeScope();
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, Synthetic.ConstantFlow(1, 7, 32, 32, dx, dy));
        var v = new HofTarget(new HofConfig(), new TargetContext(Grid)).Compute(batch, Grid)[0].Values;
        TestUtil.Shape(v, 1, Grid.Tokens, 4 * 9);
        Assert.Equal(bin, v[0, 0, 0..9].argmax().item<long>());
        TestUtil.Close(1, v[0, 0, bin].item<float>(), 1e-5);
    }

    [Fact]
    public void MbhIsZeroForUniformMotionAndSeesMotionBoundaries()
    {
        using var scope = NewDisposeScope();
        var uniform = Synthetic.ConstantFlow(1, 7, 32, 32, 2, 0);
        using var b1 = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, uniform);
        var t = new MbhTarget(new MbhConfig(Variant: HogVariant.Mme), new TargetContext(Grid));
        Assert.Equal(4 * 2 * 9, t.Parts[0].Dim);
        Assert.True(t.Compute(b1, Grid)[0].Values.abs().max().item<float>() < 1e-6);
        var boundary = uniform.clone();
        boundary[.., .., 0, .., 20..] = zeros(1, 7, 32, 12); // a vertical motion boundary at x = 20 in the top-right patch
        using var b2 = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, boundary);
        var v = t.Compute(b2, Grid)[0].Values;
        Assert.True(v[0, 1].abs().max().item<float>() > 0.5);
        Assert.True(v[0, 0].abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void MissingFlowFailsNamingTheTarget()
    {
        using var scope = NewDisposeScope();
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2);
        var e = Assert.Throws<ArgumentException>(() => new HofTarget(new HofConfig(), new TargetContext(Grid)).Compute(batch, Grid));
        Assert.Contains("hof", e.Message);
        Assert.Contains("ClipBatch.Flow", e.Message);
        Assert.Contains("tubelet", Assert.Throws<ArgumentException>(() => new FlowTarget(new FlowTargetConfig(), new TargetContext(new TokenGrid(4, 32, 32, 1, 16), 3, 1)).Parts).Message);
    }
}
