using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>The fused CPU kernels (lib/native/src/point_features.cpp, what float32 CPU tensors get) against the
/// tensor-op forms that every other device runs.</summary>
public class PointKernelsTests
{
    /// <summary>The dense per-pixel histograms (bins, pixels) that planes of Hog.PixelBinPlanes stand for.</summary>
    private static Tensor Dense(Tensor planes, long margin, long pixels, int bins)
    {
        var p = planes.narrow(1, margin, pixels);
        var lo = p[0].to(int64).unsqueeze(0);
        var h = zeros(bins + 1, pixels).scatter_add(0, lo, p[1].unsqueeze(0)).scatter_add(0, lo + 1, p[2].unsqueeze(0));
        return h.narrow(0, 0, bins) + cat([h.narrow(0, bins, 1), zeros(bins - 1, pixels)]); // the spare bin is bin 0
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void SobelBinPlanesMatchTheTensorOps(bool soft, bool signed)
    {
        using var scope = NewDisposeScope();
        manual_seed(23);
        var images = rand(2, 3, 20, 24) * 3;
        const long margin = 5;
        var fused = Hog.SobelBinPlanes(images, 9, signed, soft, margin);
        var (gx, gy) = Hog.Sobel(images);
        var ops = Hog.PixelBinPlanes(gx, gy, 9, signed, soft, margin);
        var pixels = images.numel();
        TestUtil.Shape(fused, 3, pixels + 2 * margin);
        Assert.Equal(0f, fused.narrow(1, 0, margin).abs().sum().item<float>());
        Assert.Equal(0f, fused.narrow(1, margin + pixels, margin).abs().sum().item<float>());
        // the orientation comes from a polynomial atan2 (about 1e-7 rad from ATen's), so the planes are compared through
        // the histograms they stand for (soft: a pixel on a bin border has weight about 0 on the far side either way);
        // with hard bins, pixels within 1e-4 of a bin border (but not on it, as a reflected border's gy = 0 is) are left out, as
        // either bin is right for them
        var span = signed ? 2 * Math.PI : Math.PI;
        var position = gy.atan2(gx).remainder(span).mul(9 / span).reshape(1, pixels);
        var offBorder = (position - position.round()).abs();
        var keep = soft ? ones(1, pixels) : (offBorder.eq(0) | offBorder.gt(1e-4)).to(float32); // exactly on it: both agree
        Assert.True(keep.sum().item<float>() > 0.99 * pixels);
        var diff = ((Dense(fused, margin, pixels, 9) - Dense(ops, margin, pixels, 9)) * keep).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max difference {diff} (magnitudes up to {gx.abs().max().item<float>() * 2})");
    }

    [Fact]
    public void BoxHistogramsMatchTheTensorOps()
    {
        using var scope = NewDisposeScope();
        manual_seed(29);
        var (clips, frames, h, w, k, pad) = (2L, 3L, 20L, 24L, 8, 4);
        var margin = PointBoxSampler.BinnedMargin(k, pad);
        var planes = Hog.SobelBinPlanes(rand(clips * frames, 1, h, w) * 3, 9, soft: true, margin: margin);
        var pos = rand(clips, 70, 2) * tensor(new float[] { 32, 28 }, [1, 1, 2]) - 3; // some beyond the map: border clamp
        var which = randint(0, frames, [clips, 70], int64);
        var fused = PointBoxSampler.SampleBinnedPlanes(planes, clips, 9, h, w, k, pad, pos, which);
        var ops = PointBoxSampler.SampleBinnedPlanesWithTensorOps(planes, clips, 9, h, w, k, pad, pos, which);
        TestUtil.Shape(fused, clips, 9, 70);
        Assert.True((fused - ops).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void BoxHistogramsRejectAFrameOutsideTheClip()
    {
        using var scope = NewDisposeScope();
        var margin = PointBoxSampler.BinnedMargin(4, 2);
        var planes = Hog.SobelBinPlanes(rand(2, 1, 8, 8), 9, soft: true, margin: margin); // one clip of 2 frames
        var which = tensor(new long[] { 0, 2 }, [1, 2]);
        var error = Assert.Throws<TorchException>(() => PointBoxSampler.SampleBinnedPlanes(planes, 1, 9, 8, 8, 4, 2, rand(1, 2, 2) * 4, which));
        Assert.Contains("frames must index the 2 frames of each clip, got 2", error.Message);
    }

    [Fact]
    public void MedianSamplesMatchTheTensorOps()
    {
        using var scope = NewDisposeScope();
        manual_seed(31);
        var field = randn(3, 2, 15, 17);
        var pos = (rand(3, 1, 80, 2) * tensor(new float[] { 21, 19 }, [1, 1, 1, 2]) - 2).contiguous(); // some outside: clamped
        pos[0, 0, 0] = tensor(new float[] { 16, 14 }); // the last pixel exactly: its right and lower neighbours weigh 0
        var fused = FlowOps.SampleMedian3x3(field, pos);
        var ops = FlowOps.SampleMedian3x3WithTensorOps(field, pos);
        TestUtil.Shape(fused, 3, 2, 1, 80);
        Assert.True((fused - ops).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void SobelBinPlanesNeedFramesOfTwoPixels()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<TorchException>(() => Hog.SobelBinPlanes(rand(1, 1, 1, 5)));
        Assert.Contains("at least 2 x 2", error.Message);
    }
}
