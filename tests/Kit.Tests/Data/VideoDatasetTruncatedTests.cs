using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

/// <summary>VideoDataset skips a truncated video with a report instead of padding it into a still clip with zero motion.</summary>
public class VideoDatasetTruncatedTests(TinySynthFixture tiny) : IClassFixture<TinySynthFixture>
{
    [Fact]
    public void TruncatedVideoIsSkippedReportedOnceAndReplaced()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-ds-trunc").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.avi");
            var (claimed, decoded) = TruncatedVideo.Make(bad, frames: 40, size: 32);
            Assert.True(decoded < claimed && decoded < 8, $"the cut file decodes {decoded} of {claimed} frames");
            var good = Manifest.Load(tiny.Output.Train);
            var entries = new List<ManifestEntry> { new(bad, 0, "bad") };
            entries.AddRange(good.Entries.Take(3).Select(e => e with { Path = good.FullPath(e), Frames = -1 }));
            var manifest = new Manifest(entries, dir);
            var config = new VideoDatasetConfig(new SamplingConfig(NumFrames: 4, Stride: 2), new AugmentConfig(Size: 24), Needs: TargetNeeds.Flow, Flow: new FlowConfig(FlowMethod.Dis));
            var reports = new List<string>();
            var ds = new VideoDataset(manifest, config) { Skip = reports.Add };
            using var first = ds.Get(0, new SeededRandom(1));
            using var again = ds.Get(0, new SeededRandom(2));
            Assert.Equal(1, first.VideoIndex);
            Assert.Equal(1, again.VideoIndex);
            Assert.Single(reports);
            Assert.Contains(bad, reports[0]);
            Assert.Contains($"decodes {decoded} frames although its container claims {claimed}", reports[0]);
            Assert.Equal([0], ds.Skipped.Keys);
            Assert.True(first.Flow!.abs().max().item<float>() > 0.1, "the stand-in clip moves");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void VideoShorterThanItsManifestSaysIsSkippedWhenReadFails()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-ds-trunc").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.avi");
            TruncatedVideo.Make(bad, frames: 40, size: 32);
            var good = Manifest.Load(tiny.Output.Train);
            // A fast scan trusted the container: the manifest says 40 frames.
            var entries = new List<ManifestEntry> { new(bad, 0, "bad", Frames: 40), new(good.FullPath(good.Entries[0]), 1, "good", Frames: -1) };
            var reports = new List<string>();
            var ds = new VideoDataset(new Manifest(entries, dir), new VideoDatasetConfig(new SamplingConfig(NumFrames: 8, Stride: 4, Mode: SamplingMode.Uniform), new AugmentConfig(Size: 24), Train: false)) { Skip = reports.Add };
            using var s = ds.Get(0, new SeededRandom(1));
            Assert.Equal(1, s.VideoIndex);
            Assert.Contains(bad, Assert.Single(reports));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
