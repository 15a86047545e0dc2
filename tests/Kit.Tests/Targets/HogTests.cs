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
}
