using Kit.Display;

namespace Kit.Display.Tests;

public sealed class CellTests
{
    [Fact]
    public async Task CheckpointThrowsOnceTheCellIsCancelledAndFlowsToTasks()
    {
        using var source = new CancellationTokenSource();
        Cell.Begin(source.Token);
        try
        {
            Cell.Checkpoint();
            source.Cancel();
            Assert.Throws<OperationCanceledException>(Cell.Checkpoint);
            Assert.True(await Task.Run(() => Cell.Token.IsCancellationRequested));
        }
        finally
        {
            Cell.End();
        }
        Cell.Checkpoint();
    }

    [Fact]
    public void OrPrefersAGivenTokenAndFallsBackToTheCells()
    {
        using var cell = new CancellationTokenSource();
        using var given = new CancellationTokenSource();
        Assert.False(Cell.Or(default).CanBeCanceled);
        Cell.Begin(new CellContext("Cell[1]", cell.Token));
        try
        {
            Assert.Equal(cell.Token, Cell.Or(default));
            Assert.Equal(given.Token, Cell.Or(given.Token));
            Assert.Equal("Cell[1]", Cell.Context!.Name);
        }
        finally
        {
            Cell.End();
        }
        Assert.Null(Cell.Context);
    }

    [Fact]
    public async Task TheContextFlowsIntoProgressHandlersOnOtherThreads()
    {
        using var cell = new CancellationTokenSource();
        var seen = new TaskCompletionSource<CellContext?>();
        var context = new CellContext("Cell[2]", cell.Token);
        Cell.Begin(context);
        try
        {
            IProgress<int> progress = new Progress<int>(_ => seen.TrySetResult(Cell.Context));
            progress.Report(1);
        }
        finally
        {
            Cell.End();
        }
        Assert.Same(context, await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
