using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class DataScanCommandTests
{
    [Fact]
    public void Scan_RewritesTheManifestWithFrameCounts_WithoutTheBadVideo()
    {
        var dir = Directory.CreateTempSubdirectory("kit-scan").FullName;
        using (var scope = NewDisposeScope()) VideoFile.Write(Path.Combine(dir, "ok.avi"), zeros([5, 16, 16, 3], uint8));
        File.WriteAllText(Path.Combine(dir, "bad.avi"), "not a video");
        var path = Path.Combine(dir, "m.tsv");
        Manifest.Save(path, [new ManifestEntry("ok.avi", 0, "a"), new ManifestEntry("bad.avi", 1, "b")]);
        Assert.Equal(0, new DataScan().Run(new Args([path])));
        Assert.Equal([new ManifestEntry("ok.avi", 0, "a", 5)], Manifest.Load(path).Entries);
        Assert.Throws<UsageException>(() => new DataScan().Run(new Args([])));
    }
}
