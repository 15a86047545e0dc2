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

    [Theory]
    [InlineData(4, 2, true)]
    [InlineData(8, 4, true)]
    [InlineData(5, 2, false)]
    public void BinnedEqualsSamplingTheIntegralOfTheFullHistograms(int k, int pad, bool soft)
    {
        using var scope = NewDisposeScope();
        manual_seed(17);
        var (frames, h, w) = (3, 20, 24);
        var images = rand(2 * frames, 1, h, w) * 3;
        var (gx, gy) = Hog.Sobel(images);
        var hist = Hog.PixelHistograms(gx, gy, 9, signed: false, soft: soft).squeeze(1); // (2*F, 9, H, W)
        var integral = PointBoxSampler.Integral(hist).reshape(2, frames, 9, -1).transpose(1, 2).reshape(2, 9, -1);
        var pos = rand(2, 60, 2) * tensor(new float[] { 30, 26 }, [1, 1, 2]) - 2; // some beyond the map: border clamp
        var which = randint(0, frames, [2, 60], int64);
        var expected = PointBoxSampler.Sample(integral, h, w, k, pad, pos, which);
        var binned = Hog.PixelBins(gx, gy, 9, signed: false, soft: soft).reshape(2, frames * h * w, 3);
        var actual = PointBoxSampler.SampleBinned(binned, 9, h, w, k, pad, pos, which);
        TestUtil.Shape(actual, 2, 9, 60);
        Assert.True((expected - actual).abs().max().item<float>() < 1e-5);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void PixelBinsScatterToThePixelHistograms(bool soft, bool signed)
    {
        using var scope = NewDisposeScope();
        manual_seed(19);
        var (gx, gy) = Hog.Sobel(rand(2, 3, 12, 10));
        var expected = Hog.PixelHistograms(gx, gy, 9, signed, soft); // (N, C, bins, H, W)
        var binned = Hog.PixelBins(gx, gy, 9, signed, soft); // (N, C, H, W, 3)
        TestUtil.Shape(binned, 2, 3, 12, 10, 3);
        var lo = binned.select(4, 0).unsqueeze(2);
        var actual = zeros_like(expected)
            .scatter_add(2, lo.to(int64), binned.select(4, 1).unsqueeze(2))
            .scatter_add(2, (lo + 1).remainder(9).to(int64), binned.select(4, 2).unsqueeze(2));
        Assert.True((expected - actual).abs().max().item<float>() < 1e-6);
    }
}
