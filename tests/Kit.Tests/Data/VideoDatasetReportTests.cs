using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

/// <summary>What VideoDataset reports: a truncated video skipped (instead of padded into a still clip with zero motion),
/// and the flow cache being built on a first run.</summary>
public class VideoDatasetReportTests(TinySynthFixture tiny) : IClassFixture<TinySynthFixture>
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

    [Fact]
    public void BuildingTheFlowCacheSaysSoAndCountsTheVideos()
    {
        using var scope = NewDisposeScope();
        var cacheDir = Directory.CreateTempSubdirectory("kit-ds-progress").FullName;
        try
        {
            var train = Manifest.Load(tiny.Output.Train);
            var manifest = new Manifest(train.Entries.Take(3).Select(e => e with { Path = train.FullPath(e) }).ToList(), cacheDir);
            var config = new VideoDatasetConfig(new SamplingConfig(NumFrames: 4, Stride: 2), new AugmentConfig(Size: 24), Needs: TargetNeeds.Flow, Flow: new FlowConfig(FlowMethod.Dis), FlowCacheDir: cacheDir);
            var lines = new List<string>();
            var ds = new VideoDataset(manifest, config) { Progress = lines.Add };
            for (var i = 0; i < 3; i++) ds.Get(i, new SeededRandom(1)).Dispose();
            Assert.StartsWith("building the flow cache: 3 of 3 videos have no cached Dis flow yet", lines[0]);
            Assert.Equal("flow cache: 3/3 videos computed", lines[^1][..31]);
            var count = lines.Count;
            var warm = new VideoDataset(manifest, config) { Progress = lines.Add };
            for (var i = 0; i < 3; i++) warm.Get(i, new SeededRandom(2)).Dispose();
            Assert.Equal(count, lines.Count);   // nothing to build, nothing said
        }
        finally
        {
            Directory.Delete(cacheDir, true);
        }
    }
}
