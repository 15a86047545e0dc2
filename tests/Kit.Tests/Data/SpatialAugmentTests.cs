using Kit.Data;

namespace Kit.Tests.Data;

public class SpatialAugmentTests
{
    [Fact]
    public void MultiScale_UsesTheScaleSides_AndTheThirteenFixedOffsets()
    {
        var c = new AugmentConfig(Size: 112);
        var sides = new[] { 128, 112, 96, 84 }; // int(128 x {1, .875, .75, .66})
        var seen = new HashSet<(int, int)>();
        for (var s = 0UL; s < 400; s++)
        {
            var g = SpatialAugment.Train(128, 170, c, new SeededRandom(s));
            Assert.Contains(g.Width, sides);
            Assert.Contains(g.Height, sides);
            Assert.True(Math.Abs(Array.IndexOf(sides, g.Width) - Array.IndexOf(sides, g.Height)) <= 1, "max distortion 1");
            Assert.True(g.X + g.Width <= 170 && g.Y + g.Height <= 128);
            var (ws, hs) = ((170 - g.Width) / 4, (128 - g.Height) / 4);
            (int, int)[] grid = [(0, 0), (4, 0), (0, 4), (4, 4), (2, 2), (0, 2), (4, 2), (2, 4), (2, 0), (1, 1), (3, 1), (1, 3), (3, 3)];
            var k = Array.FindIndex(grid, p => p.Item1 * ws == g.X && p.Item2 * hs == g.Y);
            Assert.True(k >= 0, $"offset ({g.X}, {g.Y}) is not a fixed offset");
            Assert.False(g.Flip);
            Assert.Equal((112, 112), (g.OutHeight, g.OutWidth));
            if (ws > 0 && hs > 0) seen.Add((g.X / ws, g.Y / hs));
        }
        Assert.Equal(13, seen.Count);
    }

    [Fact]
    public void RandomResized_StaysInsideWithTheRequestedArea()
    {
        var c = new AugmentConfig(Size: 64, Mode: CropMode.RandomResized, AreaRange: [0.3, 0.6]);
        for (var s = 0UL; s < 200; s++)
        {
            var g = SpatialAugment.Train(100, 120, c, new SeededRandom(s));
            Assert.True(g.X >= 0 && g.Y >= 0 && g.X + g.Width <= 120 && g.Y + g.Height <= 100);
            Assert.InRange(g.Width * g.Height / 12000.0, 0.27, 0.63);
            Assert.InRange((double)g.Width / g.Height, 0.7, 1.4);
        }
    }

    [Fact]
    public void Flip_IsRandomOnlyWhenEnabled()
    {
        var on = new AugmentConfig(Flip: true);
        var flips = Enumerable.Range(0, 200).Count(s => SpatialAugment.Train(64, 64, on, new SeededRandom((ulong)s)).Flip);
        Assert.InRange(flips, 70, 130);
    }

    [Fact]
    public void Test_ThreeSquareCropsAlongTheLongSide()
    {
        var views = SpatialAugment.Test(120, 200, new AugmentConfig(Size: 60, Mode: CropMode.Test, Crops: 3));
        Assert.Equal(new[] { 0, 40, 80 }, views.Select(v => v.X).ToArray());
        Assert.All(views, v => Assert.Equal((0, 120, 120, 60), (v.Y, v.Width, v.Height, v.OutWidth)));
        var portrait = SpatialAugment.Test(200, 120, new AugmentConfig(Size: 60, Mode: CropMode.Test, Crops: 1));
        Assert.Equal((0, 40), (portrait[0].X, portrait[0].Y));
    }
}
