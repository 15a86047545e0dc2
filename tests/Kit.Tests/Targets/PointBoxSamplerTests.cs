using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class PointBoxSamplerTests
{
    [Theory]
    [InlineData(8, 4)]
    [InlineData(4, 2)]
    [InlineData(5, 2)]
    public void EqualsSamplingTheFullBoxMap(int k, int pad)
    {
        using var scope = NewDisposeScope();
        manual_seed(13);
        var maps = rand(3, 9, 20, 24) * 5;
        var full = BoxFilter.Mean(maps, (k, k), (pad, pad));
        var pos = rand(3, 50, 2) * tensor(new float[] { 30, 26 }, [1, 1, 2]) - 2; // some beyond the map: border clamp
        var expected = FlowOps.Sample(full, pos.unsqueeze(1)).squeeze(2);
        var actual = PointBoxSampler.Sample(PointBoxSampler.Integral(maps), 20, 24, k, pad, pos);
        TestUtil.Shape(actual, 3, 9, 50);
        Assert.True((expected - actual).abs().max().item<float>() < 1e-4);
    }
}
