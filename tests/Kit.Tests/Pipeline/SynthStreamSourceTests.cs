using Kit.Data;
using Kit.Data.Synth;
using Kit.Pipeline;
using Kit.Targets;
using Kit.Torch;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Pipeline;

public class SynthStreamSourceTests
{
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.to(float32).allclose(b.to(float32), 0, 0);

    private static readonly SynthProtocol Protocol = new(new SynthStream(new SynthConfig(Size: 32)), LabelledPerClass: 2, ValPerClass: 1, TestPerClass: 1, Flow: "dis", Workers: 0);
    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 8);

    private static ClipSourceRequest Request(string split, TargetNeeds needs = TargetNeeds.None, ulong seed = 0) =>
        new(split, needs, Grid, seed, Device.CPU, new ViewSpec(), Labelled: true);

    [Fact]
    public void TheStreamNeverRepeatsAndResumesExactly()
    {
        using var source = new SynthStreamSource(Protocol, Request("train"), trainOnStream: true, stride: 2);
        Assert.Null(source.Count);
        var first = source.Epoch(0, 3).Take(3).ToList();
        Assert.Equal(new long[] { 3, 3, 4, 32, 32 }, first[0].Clip.shape);
        Assert.Equal(new[] { 6, 7, 8 }, first[2].VideoIndices);
        using var resumed = source.Epoch(0, 3, skip: 2).First();        // a resumed run starts at batch 2
        Assert.True(Same(first[2].Clip, resumed.Clip));
        Assert.True(Same(first[2].Labels!, resumed.Labels!));
        Assert.False(Same(first[0].Clip, first[1].Clip));
        foreach (var b in first) b.Dispose();
    }

    [Fact]
    public void TheLabelledSetIsFixedBalancedAndReshuffledEachEpoch()
    {
        using var source = new SynthStreamSource(Protocol, Request("train"), trainOnStream: false, stride: 2);
        Assert.Equal(2 * Protocol.Stream.Classes, source.Count);
        var e0 = source.Epoch(0, 4).SelectMany(b => { using (b) return b.VideoIndices!; }).ToList();
        var e1 = source.Epoch(1, 4).SelectMany(b => { using (b) return b.VideoIndices!; }).ToList();
        Assert.Equal(28, e0.Count);
        Assert.Equal(Enumerable.Range(0, 28), e0.Order());
        Assert.NotEqual(e0, e1);
        var labels = source.All(8).SelectMany(b => { using (b) return b.Labels!.ToArray<long>(); }).ToList();
        Assert.All(labels.GroupBy(l => l), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void HeldOutSetsUseTheirOwnSeedsWhateverTheRunSeed()
    {
        using var test = new SynthStreamSource(Protocol, Request("test", seed: 5), trainOnStream: true);
        using var val = new SynthStreamSource(Protocol, Request("val"), trainOnStream: true);
        using var stream = new SynthStreamSource(Protocol, Request("train", seed: 5), trainOnStream: true);
        Assert.Equal(SynthDomain.Test, test.Domain);
        Assert.Equal(Protocol.Stream.DomainSeed(SynthDomain.Test), test.GeneratorSeed);
        Assert.True(SynthStream.IsHeldOut(test.GeneratorSeed) && SynthStream.IsHeldOut(val.GeneratorSeed));
        Assert.False(SynthStream.IsHeldOut(stream.GeneratorSeed));
        Assert.Equal(Protocol.Stream.Classes, test.All(64).Sum(b => { using (b) return (int)b.BatchSize; }));
    }

    [Fact]
    public void RawFramesAndFlowCoverTheSpanAndTheExtraFramesAndTheClipIsTheirStridedView()
    {
        using var source = new SynthStreamSource(Protocol, Request("train", TargetNeeds.RawFrames | TargetNeeds.Flow), trainOnStream: true, stride: 2, extraFlowFrames: 3);
        using var b = source.Epoch(0, 2).First();
        Assert.Equal(new long[] { 2, 3, 4 * 2 + 3, 32, 32 }, b.RawClip!.shape);
        Assert.Equal(new long[] { 2, 4 * 2 + 2, 2, 32, 32 }, b.Flow!.shape);
        Assert.True(Same(b.Clip, b.RawClip.slice(2, 0, 8, 2)));
        // Without raw frames only the sampled frames are rendered: the same clip to within the sprite resampling.
        using var plain = new SynthStreamSource(Protocol, Request("train"), trainOnStream: true, stride: 2);
        using var p = plain.Epoch(0, 2).First();
        Assert.True((p.Clip - b.Clip).abs().mean().item<float>() < 0.02f);
    }

    [Fact]
    public void OracleFlowIsTheGeneratorsExactMotionOfEachClip()
    {
        var oracle = Protocol with { Flow = "oracle" };
        using var source = new SynthStreamSource(oracle, Request("train", TargetNeeds.Flow), trainOnStream: true, stride: 2);
        using var b = source.Epoch(0, 2).First();
        var scene = oracle.Stream.SceneOf(source.GeneratorSeed, 1, 8);
        using var expected = SynthFlow.Oracle(scene, 32);
        Assert.True(Same(b.Flow![1], expected));
    }

    [Fact]
    public void BadSettingsAreNamed()
    {
        Assert.Contains("flow 'sift'", Assert.Throws<ArgumentException>(() => (Protocol with { Flow = "sift" }).Validate()).Message);
        Assert.Contains("renders 32x32", Assert.Throws<ArgumentException>(() => new SynthStreamSource(Protocol, Request("train") with { Grid = new TokenGrid(4, 64, 64, 2, 8) }, true)).Message);
        Assert.Contains("split 'dev'", Assert.Throws<ArgumentException>(() => new SynthStreamSource(Protocol, Request("dev"), true)).Message);
    }
}
