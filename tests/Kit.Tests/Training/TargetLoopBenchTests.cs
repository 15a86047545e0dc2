using Kit.Data;
using Kit.Masking;
using Kit.Tests.Training.Fakes;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training;

public class TargetLoopBenchTests
{
    [Fact]
    public void TimesTheStepWithTheWorkFreeInTheStepAndAhead()
    {
        var model = TestRuns.Tiny;
        var g = model.Grid;
        using var batch = new ClipBatch(rand([2L, 3, g.Frames, g.Height, g.Width]), null, null, null, 1);
        var t = TargetLoopBench.Run(model, batch, 0.75, steps: 2, new CubePixelTarget(g), warmup: 1, rounds: 2);
        Assert.True(t.ReadyMs > 0 && t.InlineMs > 0 && t.AheadMs > 0, $"{t}");
        Assert.Equal((t.InlineMs - t.ReadyMs) / t.ReadyMs, t.InlineCost, 12);
        Assert.Equal((t.AheadMs - t.ReadyMs) / t.ReadyMs, t.AheadCost, 12);
        Assert.Equal(t.WorkMs / t.ReadyMs, t.WorkShare, 12);
        // the work itself is timed: a target that takes at least 30 ms shows at least that (only lower bounds: a
        // loaded machine can make any step slower, never a sleep shorter)
        var slow = TargetLoopBench.Run(model, batch, 0.75, steps: 2, new SlowTarget(new CubePixelTarget(g), 30), warmup: 1, rounds: 1);
        Assert.True(slow.WorkMs >= 30 && slow.InlineMs >= 30, $"{slow}");
        Assert.True(t.WorkMs > 0, $"{t}");
        var masked = TargetLoopBench.Run(model, batch, 0.75, steps: 2, new CubePixelTarget(g), new RandomMask(new RandomMaskConfig(0.75)), warmup: 1);
        Assert.True(masked.AheadMs > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => TargetLoopBench.Run(model, batch, 0.75, steps: 0, new CubePixelTarget(g)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TargetLoopBench.Run(model, batch, 0.75, steps: 1, new CubePixelTarget(g), rounds: 0));
    }
}

/// <summary>A target that sleeps before computing its inner target's parts.</summary>
internal sealed class SlowTarget(Kit.Targets.ITarget inner, int sleepMs) : Kit.Targets.ITarget
{
    public string Name => inner.Name;
    public IReadOnlyList<(string Name, int Dim)> Parts => inner.Parts;
    public Kit.Targets.TargetNeeds Needs => inner.Needs;

    public IReadOnlyList<Kit.Targets.TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        Thread.Sleep(sleepMs);
        return inner.Compute(batch, grid);
    }
}
