using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class PixelTargetTests
{
    private static readonly TokenGrid Grid = new(4, 16, 16, 2, 8);

    [Fact]
    public void RawPixelsAreTheCubeInFrameRowColumnChannelOrder()
    {
        using var scope = NewDisposeScope();
        var clip = arange(0, 2 * 3 * 4 * 16 * 16, 1, float32).reshape(2, 3, 4, 16, 16);
        using var batch = Synthetic.Batch(clip, 2);
        var v = new PixelTarget(new PixelConfig(false), new TargetContext(Grid, 3, 2)).Compute(batch, Grid)[0].Values;
        TestUtil.Shape(v, 2, 2 * 2 * 2, 2 * 8 * 8 * 3);
        // token 3 = slot 0, row 1, col 1; element (frame 1, row 2, col 5, channel 2)
        var expected = clip[1, 2, 1, 8 + 2, 8 + 5].item<float>();
        Assert.Equal(expected, v[1, 3, ((1 * 8 + 2) * 8 + 5) * 3 + 2].item<float>());
    }

    [Fact]
    public void NormalisedCubesHaveZeroMeanAndUnitUnbiasedStdPerChannel()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var clip = rand(2, 3, 4, 16, 16);
        using var batch = Synthetic.Batch(clip, 2);
        var v = new PixelTarget(new PixelConfig(), new TargetContext(Grid, 3, 2)).Compute(batch, Grid)[0].Values.reshape(2, 8, 128, 3);
        Assert.True(v.mean(2).abs().max().item<float>() < 1e-5);
        Assert.True((v.std(2, unbiased: true) - 1).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void WrongGridFailsWithTheSizes()
    {
        using var clip = rand(1, 3, 4, 16, 16);
        using var batch = Synthetic.Batch(clip, 2);
        var target = new PixelTarget(new PixelConfig(), new TargetContext(new TokenGrid(4, 16, 16, 2, 8), 3, 2));
        var e = Assert.Throws<ArgumentException>(() => target.Compute(batch, new TokenGrid(4, 16, 24, 2, 8)));
        Assert.Contains("built for", e.Message);
        Assert.Contains("patch size 16", Assert.Throws<ArgumentException>(() => new TokenGrid(4, 24, 24, 2, 16).Tokens).Message);
    }
}
