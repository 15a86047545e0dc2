using Kit.Bench;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class DisposeScopeTests
{
    [Fact]
    public void ScopeFreesEverythingCreatedInsideButMovedResults()
    {
        Tensor inner, moved;
        using (var outer = NewDisposeScope())
        {
            using (var scope = NewDisposeScope())
            {
                inner = ones(3) * 2;
                moved = (inner + 1).MoveToOuterDisposeScope();
                Assert.Equal(2, scope.Count); // ones and *2 remain; +1 moved out
            }
            Assert.True(inner.IsDisposed);
            Assert.False(moved.IsDisposed);
            Assert.Equal(1, outer.Count);
        }
        Assert.True(moved.IsDisposed);
    }

    [Fact]
    public void DetachedTensorsOutliveTheScope()
    {
        Tensor kept;
        using (NewDisposeScope()) kept = zeros(2).DetachFromDisposeScope();
        Assert.False(kept.IsDisposed);
        kept.Dispose();
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void ParametersNeverBelongToAScope()
    {
        Parameter p;
        using (NewDisposeScope()) p = new Parameter(zeros(2));
        Assert.False(p.IsDisposed);
        p.Dispose();
    }

    /// <summary>The memory guarantee: a training loop under per-step scopes keeps resident memory flat.</summary>
    [Fact]
    public void ResidentMemoryStaysFlatOverALongTrainingLoop()
    {
        var (warm, end) = EngineBench.MemoryLoop(steps: 1500, warmup: 300, device: Device.CPU);
        var growth = end - warm;
        // A leak of the step's tensors (about 100 KB a step) would add over 100 MB here; allow allocator noise.
        Assert.True(growth < 8_000_000, $"RSS grew by {growth / 1e6:F1} MB between step 300 and 1500");
    }
}
