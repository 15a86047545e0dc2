using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class HogTests
{
    /// <summary>Histogram of the interior cell (1, 1) of a 32x32 ramp, channel 0.</summary>
    private static float[] InteriorCell(double degrees, HogVariant variant)
    {
        using var scope = NewDisposeScope();
        var img = Synthetic.Ramp(degrees, 3, 1, 32, 32).select(2, 0);
        var cells = Hog.Cells(img, 8, variant);
        TestUtil.Shape(cells, 1, 3, 9, 4, 4);
        return cells[0, 0, .., 1, 1].ToArray<float>();
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(30, 1)]
    [InlineData(70, 3)]
    [InlineData(110, 5)]
    [InlineData(170, 8)]
    [InlineData(-30, 7)] // unsigned: -30 degrees is 150
    public void MaskFeatOrientedGradientLandsInItsBinWithUnitL2(double degrees, int bin)
    {
        var h = InteriorCell(degrees, HogVariant.MaskFeat);
        for (var i = 0; i < 9; i++) TestUtil.Close(i == bin ? 1 : 0, h[i], 1e-4, $"bin {i}");
    }

    [Fact]
    public void MmeSoftBinsAverageTheSobelMagnitudeAndSplitAtBinBorders()
    {
        // a unit ramp has Sobel magnitude 8; at a bin centre it all goes to that bin, averaged (not summed, not L2)
        var centre = InteriorCell(50, HogVariant.Mme);
        TestUtil.Close(8, centre[2], 1e-3);
        TestUtil.Close(0, centre.Sum() - centre[2], 1e-3);
        // on the border between bins 2 and 3 (60 degrees) it splits in half
        var border = InteriorCell(60, HogVariant.Mme);
        TestUtil.Close(4, border[2], 1e-3);
        TestUtil.Close(4, border[3], 1e-3);
    }

    [Fact]
    public void SignedHistogramsSeparateOppositeDirections()
    {
        using var scope = NewDisposeScope();
        var gx = full([1, 1, 2, 2], -1.0);
        var gy = zeros(1, 1, 2, 2);
        var unsigned = Hog.PixelHistograms(gx, gy, 9, signed: false);
        var signed = Hog.PixelHistograms(gx, gy, 9, signed: true);
        Assert.Equal(1f, unsigned[0, 0, 0, 0, 0].item<float>());
        Assert.Equal(1f, signed[0, 0, 4, 0, 0].item<float>()); // 180 degrees of 360 in 40-degree bins
    }

    [Fact]
    public void CellSizeMustDivideTheFrame()
    {
        using var img = zeros(1, 3, 30, 30);
        var e = Assert.Throws<ArgumentException>(() => Hog.Cells(img, 8, HogVariant.MaskFeat));
        Assert.Contains("cell size 8", e.Message);
    }

    [Theory]
    [InlineData(HogVariant.MaskFeat, false)]
    [InlineData(HogVariant.MaskFeat, true)]
    [InlineData(HogVariant.Mme, false)]
    [InlineData(HogVariant.Mme, true)]
    public void CellHistogramsEqualPooledPixelHistograms(HogVariant variant, bool signed)
    {
        // the scatter into cells (with its spare rows folded back) against the dense per-pixel histograms pooled
        using var scope = NewDisposeScope();
        manual_seed(7);
        var gx = randn(2, 3, 16, 24);
        var gy = randn(2, 3, 16, 24);
        var expected = Hog.PoolCells(Hog.PixelHistograms(gx, gy, 9, signed, soft: variant == HogVariant.Mme), 8, variant);
        var actual = Hog.CellHistograms(gx, gy, 8, variant, 9, signed);
        TestUtil.Shape(actual, 2, 3, 9, 2, 3);
        var diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
    }

    [Theory]
    [InlineData(false)] // gy = +0: atan2 gives +180 degrees
    [InlineData(true)] // gy = -0: atan2 gives -180 degrees, the same orientation
    public void AnglesOf180DegreesWrapAround(bool negativeZero)
    {
        const int unsignedBin = 0, signedBin = 4; // unsigned: 180 is 0; signed: 180 lies in 160-200
        using var scope = NewDisposeScope();
        var gx = full(new long[] { 1, 1, 8, 8 }, -1f);
        var gy = full(new long[] { 1, 1, 8, 8 }, negativeZero ? -0.0 : 0.0);
        Assert.Equal(negativeZero, double.IsNegative(gy[0, 0, 0, 0].item<float>()));
        var hard = Hog.CellHistograms(gx, gy, 8, HogVariant.MaskFeat, 9).reshape(9).ToArray<float>();
        var signedHard = Hog.CellHistograms(gx, gy, 8, HogVariant.MaskFeat, 9, signed: true).reshape(9).ToArray<float>();
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(i == unsignedBin ? 1f : 0f, hard[i]);
            Assert.Equal(i == signedBin ? 1f : 0f, signedHard[i]);
        }
        // soft: 180 degrees is the border between the last bin's centre (170) and the first's (10): half each
        var soft = Hog.CellHistograms(gx, gy, 8, HogVariant.Mme, 9).reshape(9).ToArray<float>();
        TestUtil.Close(0.5, soft[0], 1e-6, "bin 0");
        TestUtil.Close(0.5, soft[8], 1e-6, "bin 8");
    }
}
