using Kit.Data;
using Kit.Data.Synth;

namespace Kit.Tests.Data.Synth;

public class SynthDatasetTests(TinySynthFixture tiny) : IClassFixture<TinySynthFixture>
{
    private static Dictionary<string, byte[]> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    [Fact]
    public void SameSeed_SameBytes_OtherSeed_OtherVideos()
    {
        var again = Directory.CreateTempSubdirectory("kit-synth").FullName;
        var other = Directory.CreateTempSubdirectory("kit-synth").FullName;
        try
        {
            SynthDataset.Generate(again, SynthConfig.Tiny with { Seed = 5 }, workers: 1);
            var a = Files(tiny.Directory);
            var b = Files(again);
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var k in a.Keys) Assert.True(a[k].AsSpan().SequenceEqual(b[k]), $"{k} differs between two runs with the same seed");
            SynthDataset.Generate(other, SynthConfig.Tiny with { Seed = 6, Videos = 2 });
            Assert.False(File.ReadAllBytes(Path.Combine(other, "videos/000000.avi")).AsSpan().SequenceEqual(a["videos/000000.avi"]));
        }
        finally
        {
            Directory.Delete(again, true);
            Directory.Delete(other, true);
        }
    }

    [Fact]
    public void WritesDecodableVideosAndThreeSplitManifests()
    {
        var splits = new[] { tiny.Output.Train, tiny.Output.Val, tiny.Output.Test }.Select(Manifest.Load).ToList();
        Assert.Equal(new[] { 17, 3, 4 }, splits.Select(m => m.Count).ToArray());
        var all = splits.SelectMany(m => m.Entries.Select(e => m.FullPath(e))).ToList();
        Assert.Equal(24, all.Distinct().Count());
        var first = splits[0];
        var e0 = first.Entries[0];
        Assert.Equal(SynthMotions.Names[e0.Label], e0.LabelName);
        Assert.Equal(16, e0.Frames);
        Assert.Equal(new VideoInfo(16, 32, 32, 25), VideoFile.Info(first.FullPath(e0)));
        Assert.Equal(SynthMotions.Names, File.ReadAllLines(Path.Combine(tiny.Directory, "classes.txt")));
    }

    [Fact]
    public void DefaultScale_ThreeHundredVideosInWellUnderAMinute_IsTheDocumentedDefault()
    {
        var d = new SynthConfig();
        Assert.Equal((64, 32, 300), (d.Size, d.Frames, d.Videos));
        Assert.True(SynthMotions.Names.Count >= 12);
        Assert.Equal(12, SynthGenerator.AppearanceNames.Count);
    }

    [Fact]
    public void BadSettings_NameTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => SynthDataset.Generate("/tmp/never", SynthConfig.Tiny with { Frames = 1 }));
        Assert.Contains("frames", e.Message);
    }
}
