using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class ManifestTests
{
    [Fact]
    public void SaveLoad_RoundTrips_AndResolvesRelativePaths()
    {
        var dir = Directory.CreateTempSubdirectory("kit-manifest").FullName;
        var path = Path.Combine(dir, "splits", "train.tsv");
        ManifestEntry[] entries = [new("../videos/a.avi", 3, "move_down", 32), new("/abs/b.avi", 0, "move_left")];
        Manifest.Save(path, entries);
        var m = Manifest.Load(path);
        Assert.Equal(entries, m.Entries);
        Assert.Equal(Path.Combine(dir, "videos", "a.avi"), m.FullPath(0));
        Assert.Equal("/abs/b.avi", m.FullPath(1));
        Assert.Equal(4, m.NumClasses);
        Assert.Equal("move_down", m.ClassNames()[3]);
    }

    [Fact]
    public void HandWrittenFile_WithCommentsAndFewerColumns_Reads()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-manifest").FullName, "m.tsv");
        File.WriteAllText(path, "# my list\n\nclip1.mp4\t2\nclip2.mp4\t1\tjump\n");
        var m = Manifest.Load(path);
        Assert.Equal([new ManifestEntry("clip1.mp4", 2, "", -1), new ManifestEntry("clip2.mp4", 1, "jump", -1)], m.Entries);
    }

    [Fact]
    public void BadLine_NamesFileAndLine()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-manifest").FullName, "bad.tsv");
        File.WriteAllText(path, "a.avi\t1\nb.avi\tseven\n");
        var e = Assert.Throws<InvalidDataException>(() => Manifest.Load(path));
        Assert.Contains("bad.tsv' line 2", e.Message);
        Assert.Contains("seven", e.Message);
    }

    [Fact]
    public void Scan_FillsFrameCounts_AndExcludesMissingAndCorruptFilesByName()
    {
        var dir = Directory.CreateTempSubdirectory("kit-manifest").FullName;
        using (var scope = NewDisposeScope()) VideoFile.Write(Path.Combine(dir, "good.avi"), zeros([7, 16, 16, 3], uint8));
        File.WriteAllBytes(Path.Combine(dir, "corrupt.avi"), new byte[3000]);
        File.Copy(VideoFileTests.Vtest, Path.Combine(dir, "real.avi"));
        var m = new Manifest([new("good.avi", 0, "a"), new("missing.avi", 1, "b"), new("corrupt.avi", 1, "b"), new("real.avi", 2, "c")], dir);
        var r = ManifestScan.Run(m);
        Assert.Equal([new ManifestEntry("good.avi", 0, "a", 7), new ManifestEntry("real.avi", 2, "c", 795)], r.Usable);
        Assert.Equal(new[] { "missing.avi", "corrupt.avi" }, r.Problems.Select(p => p.Path).ToArray());
        Assert.Contains("missing file", r.Problems[0].Reason);
        Assert.Contains("corrupt.avi", r.Problems[1].Reason);
        var strict = ManifestScan.Run(m, minFrames: 10, workers: 1);
        Assert.Contains(strict.Problems, p => p.Path == "good.avi" && p.Reason.Contains("only 7"));
        var fast = ManifestScan.Run(m, exact: false);
        Assert.Equal(r.Usable, fast.Usable);
    }
}
