using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class FlowCacheTests
{
    private static string Video(string dir)
    {
        using var scope = NewDisposeScope();
        var a = OpticalFlowTests.Texture(48, 48, 3);
        var frames = stack([a, OpticalFlowTests.Shifted(a, 2, 0), OpticalFlowTests.Shifted(a, 4, 1)]);
        var path = Path.Combine(dir, "v.avi");
        VideoFile.Write(path, frames);
        return path;
    }

    [Theory]
    [InlineData(FlowStorage.Half, 0.01)]
    [InlineData(FlowStorage.Byte, 20.0 / 255 + 1e-5)]
    public void ReadBack_IsInPixels_WithinTheStorageStep(FlowStorage storage, double tol)
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-flowcache").FullName;
        var video = Video(dir);
        var config = new FlowConfig(FlowMethod.Dis);
        var cache = new FlowCache(Path.Combine(dir, "cache"), config, storage);
        var direct = OpticalFlow.Compute(VideoFile.ReadAll(video), config).Flow;
        var first = cache.Get(video);
        var second = cache.Get(video);
        Assert.Equal(1, cache.Misses);
        TestUtil.Shape(second, 2, 2, 48, 48);
        Assert.True((second - direct).abs().max().item<float>() <= tol, "cached flow differs from computed flow by more than the storage step");
        Assert.True(first.eq(second).all().item<bool>());
        // Pixels, not stored codes: the median horizontal motion of pair 0 is 2 px (the MME release would read ~140).
        TestUtil.Close(2, second[0, 0].median().item<float>(), 0.2, "dx in pixels");
    }

    [Fact]
    public void GetPairs_PicksRowsOfTheWholeVideoFlow_ClampingPastTheEnd()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-flowcache").FullName;
        var video = Video(dir);
        var cache = new FlowCache(Path.Combine(dir, "cache"), new FlowConfig(FlowMethod.Dis));
        var pairs = cache.GetPairs(video, [1, 0, 5]);
        Assert.Equal(1, cache.Misses);
        var whole = cache.Get(video);
        Assert.True(pairs.eq(whole.index_select(0, tensor(new long[] { 1, 0, 1 }))).all().item<bool>());
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void ByteCodes_MapExactlyOntoTheBound()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-flowcache").FullName;
        var cache = new FlowCache(dir, new FlowConfig(Bound: 20), FlowStorage.Byte);
        var codes = cache.Encode(tensor(new[] { -20f, 0f, 20f, 35f }));
        Assert.Equal(new byte[] { 0, 128, 255, 255 }, codes.ToArray<byte>());
        TestUtil.Close(new[] { -20f, 20f * 1 / 255, 20f, 20f }, cache.Decode(codes).ToArray<float>(), 1e-5);
    }

    [Fact]
    public void ChangedSettingsOrVideo_InvalidateTheCache()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-flowcache").FullName;
        var video = Video(dir);
        var root = Path.Combine(dir, "cache");
        var a = new FlowCache(root, new FlowConfig(FlowMethod.Dis));
        a.Get(video);
        var sameSettings = new FlowCache(root, new FlowConfig(FlowMethod.Dis));
        sameSettings.Get(video);
        Assert.Equal(0, sameSettings.Misses);
        var otherBound = new FlowCache(root, new FlowConfig(FlowMethod.Dis, Bound: 10));
        Assert.NotEqual(a.Directory, otherBound.Directory);
        otherBound.Get(video);
        Assert.Equal(1, otherBound.Misses);
        var before = a.EntryPath(video);
        File.SetLastWriteTimeUtc(video, DateTime.UtcNow.AddMinutes(1));
        Assert.NotEqual(before, a.EntryPath(video));
    }

    [Fact]
    public void Warm_ComputesEachVideoOnce_AndTheCommandReportsIt()
    {
        var dir = Directory.CreateTempSubdirectory("kit-flowcache").FullName;
        var video = Video(dir);
        var manifest = new Manifest([new ManifestEntry("v.avi", 0, "a")], dir);
        var cache = new FlowCache(Path.Combine(dir, "cache"), new FlowConfig(FlowMethod.Farneback));
        Assert.Equal(1, cache.Warm(manifest));
        Assert.Equal(0, cache.Warm(manifest));
        Assert.True(File.Exists(cache.EntryPath(video)));
        Manifest.Save(Path.Combine(dir, "m.tsv"), manifest.Entries);
        Assert.Equal(0, new Kit.Cli.Commands.FlowCacheCommand().Run(new Kit.Cli.Args(["--manifest", Path.Combine(dir, "m.tsv"), "--cache", Path.Combine(dir, "cache2"), "--method", "dis", "--storage", "byte"])));
        Assert.Single(Directory.GetFiles(Directory.GetDirectories(Path.Combine(dir, "cache2")).Single(), "*.npy"));
    }
}
