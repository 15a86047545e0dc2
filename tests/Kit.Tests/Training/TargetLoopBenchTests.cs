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
        var masked = TargetLoopBench.Run(model, batch, 0.75, steps: 2, new CubePixelTarget(g), new RandomMask(new RandomMaskConfig(0.75)), warmup: 1);
        Assert.True(masked.AheadMs > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => TargetLoopBench.Run(model, batch, 0.75, steps: 0, new CubePixelTarget(g)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TargetLoopBench.Run(model, batch, 0.75, steps: 1, new CubePixelTarget(g), rounds: 0));
    }
}
