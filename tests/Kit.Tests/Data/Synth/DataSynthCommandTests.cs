using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Data;

namespace Kit.Tests.Data.Synth;

public class DataSynthCommandTests
{
    [Fact]
    public void WritesTheRequestedVideos_AndRejectsBadOptions()
    {
        var dir = Directory.CreateTempSubdirectory("kit-synthcmd").FullName;
        Assert.Equal(0, new DataSynth().Run(new Args(["--out", dir, "--videos", "6", "--seed", "2", "--size", "24", "--frames", "8", "--variant", "appearance"])));
        var all = new[] { "train.tsv", "val.tsv", "test.tsv" }.SelectMany(f => Manifest.Load(Path.Combine(dir, f)).Entries).ToList();
        Assert.Equal(6, all.Count);
        Assert.Contains(all, e => e.LabelName == "disc_stripes");
        Assert.Equal(new VideoInfo(8, 24, 24, 25), VideoFile.Info(Path.Combine(dir, all[0].Path)));
        Assert.Throws<UsageException>(() => new DataSynth().Run(new Args(["--out", dir, "--variant", "colour"])));
        Assert.Throws<UsageException>(() => new DataSynth().Run(new Args(["--out", dir, "--size", "4"])));
        Assert.Throws<UsageException>(() => new DataSynth().Run(new Args(["--out", dir, "--sed", "1"])));
    }
}
