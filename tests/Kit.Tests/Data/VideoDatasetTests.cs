using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class VideoDatasetTests(TinySynthFixture tiny) : IClassFixture<TinySynthFixture>
{
    private Manifest Train => Manifest.Load(tiny.Output.Train);

    private static VideoDatasetConfig Config(TargetNeeds needs = TargetNeeds.None, string? cache = null) =>
        new(new SamplingConfig(NumFrames: 4, Stride: 2), new AugmentConfig(Size: 24), Needs: needs,
            Flow: new FlowConfig(FlowMethod.Dis), FlowCacheDir: cache);

    [Fact]
    public void Sample_HasTheClipLayout_AndRawFramesHoldTheSampledOnes()
    {
        using var scope = NewDisposeScope();
        var ds = new VideoDataset(Train, Config(TargetNeeds.RawFrames | TargetNeeds.Flow));
        using var s = ds.Get(3, new SeededRandom(1));
        TestUtil.Shape(s.Clip, 3, 4, 24, 24);
        TestUtil.Shape(s.RawClip!, 3, 8, 24, 24);
        TestUtil.Shape(s.Flow!, 7, 2, 24, 24);
        Assert.True(s.RawClip!.slice(1, 0, 8, 2).eq(s.Clip).all().item<bool>());
        Assert.InRange(s.Clip.min().item<float>(), 0, 1);
        Assert.InRange(s.Clip.max().item<float>(), 0, 1);
        Assert.Equal(ds.Manifest.Entries[3].Label, s.Label);
        Assert.Equal(3, s.VideoIndex);
    }

    [Fact]
    public void WithoutNeeds_NoExtrasAreLoaded()
    {
        using var s = new VideoDataset(Train, Config()).Get(0, new SeededRandom(1));
        Assert.Null(s.RawClip);
        Assert.Null(s.Flow);
    }

    [Fact]
    public void CachedFlow_EqualsDirectFlow_AndPaddedPairsAreZero()
    {
        using var scope = NewDisposeScope();
        var cacheDir = Directory.CreateTempSubdirectory("kit-ds-cache").FullName;
        // 16-frame videos, 12 frames x stride 2 = 24: the last 8 raw frames repeat the last one.
        var cfg = Config(TargetNeeds.Flow, cacheDir) with { Sampling = new SamplingConfig(12, 2) };
        var cached = new VideoDataset(Train, cfg);
        var direct = new VideoDataset(Train, cfg with { FlowCacheDir = null });
        using var a = cached.Get(5, new SeededRandom(9));
        using var b = direct.Get(5, new SeededRandom(9));
        Assert.True((a.Flow! - b.Flow!).abs().max().item<float>() < 0.02);
        Assert.Equal(0f, a.Flow!.narrow(0, 15, 8).abs().max().item<float>());
        Assert.True(a.Flow!.narrow(0, 0, 15).abs().max().item<float>() > 0.1, "real pairs move");
        using var again = cached.Get(5, new SeededRandom(10));
        Assert.Equal(1, cached.FlowCache!.Misses);
    }

    [Fact]
    public void ReleaseFlowVariant_LeavesDisplacementsUnscaled()
    {
        using var scope = NewDisposeScope();
        // 32 px videos read at 64 px: the kit doubles displacements, the MME-release variant does not.
        var cfg = Config(TargetNeeds.Flow) with { Augment = new AugmentConfig(Size: 64, Mode: CropMode.Test) };
        using var kit = new VideoDataset(Train, cfg with { Train = false }).Get(2, new SeededRandom(0));
        using var release = new VideoDataset(Train, cfg with { Train = false, Augment = cfg.Augment with { RescaleFlow = false } }).Get(2, new SeededRandom(0));
        Assert.True((kit.Flow! - release.Flow! * 2).abs().max().item<float>() < 1e-4);
        Assert.True(kit.Flow!.abs().max().item<float>() > 0.1);
    }

    [Fact]
    public void TestMode_EnumeratesEveryClipAndCrop()
    {
        var cfg = new VideoDatasetConfig(new SamplingConfig(4, 2, SamplingMode.Uniform, Clips: 2), new AugmentConfig(Size: 16, Mode: CropMode.Test, Crops: 3), Train: false);
        var ds = new VideoDataset(Train, cfg);
        Assert.Equal(Train.Count * 6, ds.Count);
        using var s0 = ds.Get(6, new SeededRandom(0));
        using var s1 = ds.Get(6, new SeededRandom(99));
        Assert.Equal(1, s0.VideoIndex);
        Assert.True(s0.Clip.eq(s1.Clip).all().item<bool>(), "test views do not depend on the generator");
    }

    [Fact]
    public void ExtrasWithSegmentSampling_AreRejected()
    {
        var cfg = Config(TargetNeeds.Flow) with { Sampling = new SamplingConfig(4, Mode: SamplingMode.Segment) };
        var e = Assert.Throws<ArgumentException>(() => new VideoDataset(Train, cfg));
        Assert.Contains("segment", e.Message);
    }
}
