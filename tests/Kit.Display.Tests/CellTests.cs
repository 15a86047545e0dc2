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
}
