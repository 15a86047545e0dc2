using Kit.Data;
using Kit.Data.Synth;

namespace Kit.Tests.Data.Synth;

public class SynthMotionsTests
{
    private static SynthPose[][] Poses(string name, ulong seed, double exit = 0) =>
        SynthMotions.Generate(SynthMotions.Names.ToList().IndexOf(name), 32, [0.1, 0.1], new SeededRandom(seed), exit);

    [Theory]
    [InlineData("move_left", -1, 0)]
    [InlineData("move_right", 1, 0)]
    [InlineData("move_up", 0, -1)]
    [InlineData("move_down", 0, 1)]
    public void Translations_MoveTheWayTheirNameSays(string name, int dx, int dy)
    {
        for (var s = 0UL; s < 20; s++)
        {
            var p = Poses(name, s)[0];
            var (mx, my) = (p[^1].X - p[0].X, p[^1].Y - p[0].Y);
            Assert.True(mx * dx + my * dy >= 0.29, $"{name}: moved ({mx:F2}, {my:F2})");
            Assert.True(Math.Abs(dx == 0 ? mx : my) < 1e-9, "no motion across the axis");
        }
    }

    [Fact]
    public void SomeTranslationsLeaveTheFrame_WhenExitsAreOn()
    {
        var exits = Enumerable.Range(0, 40).Count(s => Poses("move_right", (ulong)s, exit: 0.5)[0][^1].X > 1.0);
        Assert.InRange(exits, 5, 35);
        Assert.Equal(0, Enumerable.Range(0, 40).Count(s => Poses("move_right", (ulong)s, exit: 0)[0][^1].X > 1.0));
    }

    [Fact]
    public void ScaleRotationAndReturn()
    {
        var approach = Poses("approach", 1)[0];
        Assert.True(approach[^1].Radius > 1.7 * approach[0].Radius);
        var recede = Poses("recede", 1)[0];
        Assert.True(recede[^1].Radius < recede[0].Radius / 1.7);
        Assert.True(Poses("rotate_clockwise", 2)[0][^1].Angle - Poses("rotate_clockwise", 2)[0][0].Angle > 1.8);
        Assert.True(Poses("rotate_anticlockwise", 2)[0][^1].Angle - Poses("rotate_anticlockwise", 2)[0][0].Angle < -1.8);
        var ret = Poses("move_and_return", 3)[0];
        Assert.True(Math.Abs(ret[^1].X - ret[0].X) + Math.Abs(ret[^1].Y - ret[0].Y) < 1e-9);
        Assert.True(ret.Max(p => Math.Abs(p.X - ret[0].X) + Math.Abs(p.Y - ret[0].Y)) > 0.24);
    }

    [Fact]
    public void FallAccelerates_MoveDownDoesNot_BounceTurnsBack()
    {
        var fall = Poses("fall", 4)[0];
        var v1 = fall[10].Y - fall[9].Y;
        var v2 = fall[30].Y - fall[29].Y;
        Assert.True(v2 > 2 * v1 && v1 >= 0);
        var down = Poses("move_down", 4)[0];
        TestUtil.Close(down[15].Y - down[14].Y, down[17].Y - down[16].Y, 1e-9, "constant speed");
        var bounce = Poses("bounce", 5)[0];
        var steps = Enumerable.Range(1, 31).Select(t => bounce[t].Y - bounce[t - 1].Y).ToArray();
        Assert.Contains(steps, d => d > 0.005);
        Assert.Contains(steps, d => d < -0.005);
    }

    [Fact]
    public void PassAndCollide_AreIdenticalUntilContact_ThenDiffer()
    {
        for (var s = 0UL; s < 10; s++)
        {
            var pass = Poses("pass", s);
            var collide = Poses("collide", s);
            Assert.Equal(pass[0][0], collide[0][0]);
            Assert.Equal(pass[0][12], collide[0][12]);
            Assert.NotEqual(pass[0][^1], collide[0][^1]);
            // passing objects swap sides, colliding ones do not
            double Along(SynthPose p, SynthPose q) => (p.X - q.X) + (p.Y - q.Y);
            Assert.True(Along(pass[0][^1], pass[1][^1]) > 0 && Along(pass[0][0], pass[1][0]) < 0);
            Assert.True(Along(collide[0][^1], collide[1][^1]) < 0);
        }
    }

    [Fact]
    public void Push_TheSecondObjectRestsUntilTouched()
    {
        var p = Poses("push", 7);
        Assert.Equal(p[1][0], p[1][5]);
        Assert.NotEqual(p[1][0], p[1][^1]);
    }
}
