using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class FlowOpsTests
{
    [Fact]
    public void ComposeChainsFlowsAlongTheMotion()
    {
        using var scope = NewDisposeScope();
        // flow 0: +1 px right everywhere; flow 1: +2 px down on columns >= 5 only
        var flows = zeros(1, 2, 2, 8, 8);
        flows[0, 0, 0] = ones(8, 8);
        flows[0, 1, 1, .., 5..] = full([8, 3], 2.0);
        var c = FlowOps.Compose(flows, [0], 2);
        TestUtil.Shape(c, 1, 1, 2, 8, 8);
        // a point at column 4 moves to 5 and then picks up the downward motion there
        TestUtil.Close(1, c[0, 0, 0, 3, 4].item<float>(), 1e-6);
        TestUtil.Close(2, c[0, 0, 1, 3, 4].item<float>(), 1e-6);
        TestUtil.Close(0, c[0, 0, 1, 3, 2].item<float>(), 1e-6);
        Assert.Contains("needs flow frames up to 2", Assert.Throws<ArgumentException>(() => FlowOps.Compose(flows, [1], 2)).Message);
    }

    [Fact]
    public void InvertOfATranslationIsItsNegative()
    {
        using var scope = NewDisposeScope();
        var f = Synthetic.ConstantFlow(1, 1, 8, 8, 1.25, -0.5).reshape(1, 2, 8, 8);
        var b = FlowOps.Invert(f);
        Assert.True((b + f).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void MedianFilterRemovesAnIsolatedSpike()
    {
        using var scope = NewDisposeScope();
        var f = full([1, 2, 6, 6], 0.5);
        f[0, 0, 3, 3] = scalar_tensor(40);
        var m = FlowOps.Median3x3(f);
        Assert.True((m - 0.5).abs().max().item<float>() < 1e-7);
    }

    [Fact]
    public void SampleIsBilinearAtSubPixelPositions()
    {
        using var scope = NewDisposeScope();
        var field = arange(0, 16, 1, float32).reshape(1, 1, 4, 4); // value = 4y + x
        var pos = tensor(new float[] { 1.25f, 2.5f }, [1, 1, 1, 2]);
        TestUtil.Close(4 * 2.5 + 1.25, FlowOps.Sample(field, pos).item<float>(), 1e-5);
    }

    [Fact]
    public void MedianNetworkEqualsSortingEachWindow()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var f = randn(3, 2, 7, 9);
        var windows = nn.functional.unfold(nn.functional.pad(f, [1, 1, 1, 1], "replicate"), [3, 3]).reshape(3, 2, 9, 7, 9);
        var expected = windows.median(2).values;
        Assert.True(FlowOps.Median3x3(f).eq(expected).all().item<bool>());
    }

    [Fact]
    public void PointwiseMedianSamplingEqualsFilteringThenSampling()
    {
        using var scope = NewDisposeScope();
        manual_seed(10);
        var f = randn(2, 2, 9, 11);
        var pos = (rand(2, 1, 40, 2) * tensor(new float[] { 14, 12 }, [1, 1, 1, 2])) - 1.5; // some outside the frame
        var expected = FlowOps.Sample(FlowOps.Median3x3(f), pos);
        var actual = FlowOps.SampleMedian3x3(f, pos);
        TestUtil.Shape(actual, 2, 2, 1, 40);
        Assert.True((expected - actual).abs().max().item<float>() < 1e-5);
    }
}
