using Kit.Data;
using Kit.Data.Synth;
using Kit.Targets;

namespace Kit.Tests.Data.Synth;

public class SynthClipsTests
{
    [Fact]
    public void BuildsAClipBatchMatchingTheWrittenVideos()
    {
        var config = SynthConfig.Tiny with { Seed = 4 };
        using var b = SynthClips.Batch(config, 3, numFrames: 4, stride: 2, TargetNeeds.RawFrames | TargetNeeds.Flow);
        TestUtil.Shape(b.Clip, 3, 3, 4, 32, 32);
        TestUtil.Shape(b.RawClip!, 3, 3, 8, 32, 32);
        TestUtil.Shape(b.Flow!, 3, 7, 2, 32, 32);
        Assert.Equal(new long[] { 0, 1, 2 }, b.Labels!.ToArray<long>());
        Assert.True(b.RawClip!.slice(2, 0, 8, 2).eq(b.Clip).all().item<bool>());
        // the same pixels the dataset writer puts in the file (FFV1 is lossless)
        var dir = Directory.CreateTempSubdirectory("kit-synthclips").FullName;
        SynthDataset.Generate(dir, config with { Videos = 2 });
        using var scope = Kit.Torch.torch.NewDisposeScope();
        var fromFile = VideoFile.Read(Path.Combine(dir, "videos/000001.avi"), [0, 2, 4, 6]).permute(3, 0, 1, 2).to(Kit.Torch.ScalarType.Float32) / 255.0;
        Assert.True(fromFile.allclose(b.Clip[1]));
        Assert.Throws<ArgumentException>(() => SynthClips.Batch(config, 1, numFrames: 9, stride: 2));
    }
}
