using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class SeedStatisticsTests
{
    [Fact]
    public void SampleStdAndRange()
    {
        var s = SeedStatistics.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, s.Mean);
        TestUtil.Close(Math.Sqrt(32.0 / 7), s.Std, 1e-12); // n - 1 in the denominator
        Assert.Equal((2, 9, 8), (s.Min, s.Max, s.Count));
        Assert.True(double.IsNaN(SeedStatistics.Of([3]).Std));
        Assert.False(SeedStatistics.Of([3]).HasSpread);
        Assert.Throws<ArgumentException>(() => SeedStatistics.Of([]));
    }
}
