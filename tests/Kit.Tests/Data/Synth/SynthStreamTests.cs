using Kit.Data.Synth;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Data.Synth;

public class SynthStreamTests
{
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.to(float32).allclose(b.to(float32), 0, 0);

    private static readonly SynthStream Stream = new(new SynthConfig(Size: 32), Seed: 7);

    [Fact]
    public void AClipIsFixedByItsSeedAndIndexAlone()
    {
        var seed = Stream.DomainSeed(SynthDomain.Stream, runSeed: 3);
        using var a = Stream.Render(seed, 41, 12).Frames;
        using var b = Stream.Render(seed, 41, 12).Frames;                 // again, after other clips
        using var other = Stream.Render(seed, 42, 12).Frames;
        using var otherRun = Stream.Render(Stream.DomainSeed(SynthDomain.Stream, runSeed: 4), 41, 12).Frames;
        Assert.Equal(new long[] { 12, 32, 32, 3 }, a.shape);
        Assert.True(Same(a, b));
        Assert.False(Same(a, other));
        Assert.False(Same(a, otherRun));
    }

    [Fact]
    public void HeldOutSeedsNeverAppearInTheStream()
    {
        var heldOut = new[] { SynthDomain.Labelled, SynthDomain.Val, SynthDomain.Test }.Select(d => Stream.DomainSeed(d)).ToList();
        Assert.Equal(3, heldOut.Distinct().Count());
        Assert.All(heldOut, s => Assert.True(SynthStream.IsHeldOut(s)));
        for (ulong run = 0; run < 2000; run++)
        {
            var s = Stream.DomainSeed(SynthDomain.Stream, run);
            Assert.False(SynthStream.IsHeldOut(s));
            Assert.DoesNotContain(s, heldOut);
        }
    }

    [Fact]
    public void LabelsCycleSoEverySetIsBalancedAndTheEventSpansTheClip()
    {
        var seed = Stream.DomainSeed(SynthDomain.Labelled);
        var counts = new int[Stream.Classes];
        for (var i = 0; i < 3 * Stream.Classes; i++)
        {
            var scene = Stream.SceneOf(seed, i, frames: 8);
            Assert.Equal(Stream.LabelOf(i), scene.Label);
            Assert.Equal(8, scene.Frames);                                // rendered at the clip's length
            counts[scene.Label]++;
        }
        Assert.All(counts, c => Assert.Equal(3, c));
    }

    [Fact]
    public void EveryNthRendersTheSameFramesAsStridingTheRawClip()
    {
        var scene = Stream.SceneOf(Stream.DomainSeed(SynthDomain.Test), 5, frames: 12);
        var sub = SynthStream.EveryNth(scene, 3);
        Assert.Equal(4, sub.Frames);
        Assert.Equal(scene.Camera[9], sub.Camera[3]);
        Assert.All(scene.Objects.Zip(sub.Objects), p => Assert.Equal(p.First.Poses[6], p.Second.Poses[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthStream.EveryNth(scene, 0));
    }
}
