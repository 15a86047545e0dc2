using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

public sealed class CellThreadTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void EveryCellRunsOnTheSameThreadWithALargeStack()
    {
        using var cells = new CellThread();
        var threads = new List<Thread>();
        for (var i = 0; i < 3; i++)
            Assert.True(cells.Run(() => threads.Add(Thread.CurrentThread), CancellationToken.None, Grace));
        Assert.Single(threads.Distinct());
        Assert.NotSame(Thread.CurrentThread, threads[0]);
        // Recursion that would overflow the default 1.5 MiB stack (about 200 bytes a frame) finishes.
        Assert.True(cells.Run(() => Recurse(20_000), CancellationToken.None, Grace));
    }

    [Fact]
    public void ACellThatIgnoresAnInterruptKeepsItsThreadAndTheNextCellGetsANewOne()
    {
        using var cells = new CellThread();
        using var release = new ManualResetEventSlim();
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Thread? stuck = null;
        Assert.False(cells.Run(() => { stuck = Thread.CurrentThread; release.Wait(); }, interrupt.Token, Grace));

        Thread? next = null;
        Assert.True(cells.Run(() => next = Thread.CurrentThread, CancellationToken.None, Grace));
        Assert.NotNull(next);
        Assert.NotSame(stuck, next);

        // Once its cell finally returns, the abandoned thread exits instead of waiting for work.
        release.Set();
        Assert.True(stuck!.Join(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void DisposeLetsAnIdleThreadExit()
    {
        var cells = new CellThread();
        Thread? thread = null;
        cells.Run(() => thread = Thread.CurrentThread, CancellationToken.None, Grace);
        cells.Dispose();
        Assert.True(thread!.Join(TimeSpan.FromSeconds(10)));
    }

    private static int Recurse(int depth)
    {
        Span<byte> frame = stackalloc byte[160];
        frame[0] = (byte)depth;
        return depth == 0 ? frame[0] : Recurse(depth - 1) + frame[0] - frame[0];
    }
}
