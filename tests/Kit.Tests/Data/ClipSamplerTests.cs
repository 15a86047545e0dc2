using Kit.Data;

namespace Kit.Tests.Data;

public class ClipSamplerTests
{
    [Fact]
    public void Random_SpansNumFramesTimesStride_InsideTheVideo()
    {
        var c = new SamplingConfig(NumFrames: 8, Stride: 4);
        var starts = new HashSet<long>();
        for (var s = 0UL; s < 50; s++)
        {
            var clip = ClipSampler.Train(100, c, new SeededRandom(s));
            Assert.Equal(32, clip.Raw.Length);
            Assert.All(clip.ConsecutivePairs, Assert.True);
            Assert.InRange(clip.Raw[0], 0, 100 - 32);
            Assert.Equal(Enumerable.Range(0, 8).Select(k => clip.Raw[0] + 4 * k).ToArray(), clip.Sampled);
            starts.Add(clip.Raw[0]);
        }
        Assert.True(starts.Count > 20, "start frames should vary");
    }

    [Fact]
    public void ShortVideo_PadRepeatsTheLastFrame_LoopWraps()
    {
        var pad = ClipSampler.Train(10, new SamplingConfig(8, 2), new SeededRandom(1));
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9 }, pad.Raw);
        Assert.False(pad.ConsecutivePairs[9]);
        var loop = ClipSampler.Train(10, new SamplingConfig(8, 2, Short: ShortVideoPolicy.Loop), new SeededRandom(1));
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5 }, loop.Raw);
        Assert.Equal(new[] { 9 }, Enumerable.Range(0, 15).Where(k => !loop.ConsecutivePairs[k]).ToArray());
    }

    [Fact]
    public void Segment_OneFramePerEqualSegment_MiddleAtTest()
    {
        var c = new SamplingConfig(NumFrames: 4, Mode: SamplingMode.Segment);
        for (var s = 0UL; s < 20; s++)
        {
            var clip = ClipSampler.Train(40, c, new SeededRandom(s));
            Assert.Equal(1, clip.Stride);
            for (var k = 0; k < 4; k++) Assert.InRange(clip.Raw[k], 10 * k, 10 * k + 9);
        }
        Assert.Equal(new long[] { 4, 14, 24, 34 }, ClipSampler.Views(40, c)[0].Raw);
        Assert.Equal(new long[] { 0, 0, 1, 1, 2 }, ClipSampler.Views(3, c with { NumFrames = 5 })[0].Raw);
    }

    [Fact]
    public void Uniform_SpreadsTestClipsFromStartToEnd()
    {
        var c = new SamplingConfig(NumFrames: 4, Stride: 2, Mode: SamplingMode.Uniform, Clips: 3);
        var views = ClipSampler.Views(28, c);
        Assert.Equal(new long[] { 0, 10, 20 }, views.Select(v => v.Raw[0]).ToArray());
        Assert.Equal(27, views[2].Raw[^1]);
        Assert.Equal(10, ClipSampler.Views(28, c with { Mode = SamplingMode.Random })[0].Raw[0]);
    }
}
