using Kit.Data.Synth;

namespace Kit.Tests.Data.Synth;

public class SynthGeneratorTests
{
    [Fact]
    public void GeneratedScenes_IncludeCameraMotionAndObjectsLeavingTheFrame()
    {
        var config = new SynthConfig();
        var scenes = Enumerable.Range(0, 140).Select(i => SynthGenerator.Scene(config, i)).ToList();
        var moving = scenes.Count(s => s.Camera[^1] != s.Camera[0]);
        Assert.InRange(moving, 20, 70);
        var exits = scenes.Count(s => s.Objects.Any(o => o.Poses[^1].X is < 0 or > 1 || o.Poses[^1].Y is < 0 or > 1));
        Assert.InRange(exits, 5, 60);
        Assert.All(scenes, s => Assert.Equal(SynthMotions.Names[s.Label], s.LabelName));
    }

    [Fact]
    public void ObjectScaleScalesTheMovingObjectsRadiiAndNothingElseDrawn()
    {
        var small = new SynthConfig(MaxDistractors: 0, CameraMotionChance: 0);
        var large = small with { ObjectScale = 2 };
        for (var i = 0; i < 28; i++)
        {
            var (a, b) = (SynthGenerator.Scene(small, i), SynthGenerator.Scene(large, i));
            Assert.Equal(a.Label, b.Label);
            Assert.Equal(a.Objects.Count, b.Objects.Count);
            for (var o = 0; o < a.Objects.Count; o++)
            {
                Assert.Equal((a.Objects[o].Look.Shape, a.Objects[o].Look.Texture, a.Objects[o].Look.PatternSeed), (b.Objects[o].Look.Shape, b.Objects[o].Look.Texture, b.Objects[o].Look.PatternSeed));
                for (var t = 0; t < a.Objects[o].Poses.Length; t++)
                    Assert.Equal(2 * a.Objects[o].Poses[t].Radius, b.Objects[o].Poses[t].Radius, 12);
            }
        }
        Assert.Throws<ArgumentException>(() => (small with { ObjectScale = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (small with { ObjectScale = 3.5 }).Validate());
    }

    [Fact]
    public void AppearanceVariant_LabelFixesShapeAndTexture_MotionIsRandom()
    {
        var config = new SynthConfig(Variant: SynthVariant.Appearance);
        for (var i = 0; i < 48; i++)
        {
            var s = SynthGenerator.Scene(config, i);
            var main = s.Objects[^1].Look;
            Assert.Equal(SynthGenerator.AppearanceNames[s.Label], $"{main.Shape}_{main.Texture}".ToLowerInvariant());
        }
        var sameClass = Enumerable.Range(0, 10).Select(k => SynthGenerator.Scene(config, 12 * k).Objects[^1].Poses).ToList();
        Assert.True(sameClass.Select(p => Math.Round(p[^1].X - p[0].X, 2)).Distinct().Count() > 3, "motion varies within a class");
    }

    [Fact]
    public void MotionClasses_ShareOneAppearanceDistribution()
    {
        var config = new SynthConfig();
        var scenes = Enumerable.Range(0, 14 * 30).Select(i => SynthGenerator.Scene(config, i)).ToList();
        // rotation clips use every shape, not just the asymmetric ones
        var rotationShapes = scenes.Where(s => SynthMotions.IsRotation(s.Label)).Select(s => s.Objects[^1].Look.Shape).Distinct().Count();
        Assert.Equal(Enum.GetValues<SynthShape>().Length, rotationShapes);
        // object counts of pair and single-object classes overlap
        var pairCounts = scenes.Where(s => SynthMotions.IsPair(s.Label)).Select(s => s.Objects.Count).Distinct().Order().ToArray();
        var singleCounts = scenes.Where(s => !SynthMotions.IsPair(s.Label)).Select(s => s.Objects.Count).Distinct().Order().ToArray();
        Assert.Equal(new[] { 2, 3 }, pairCounts);
        Assert.Equal(new[] { 1, 2, 3 }, singleCounts);
    }
}
