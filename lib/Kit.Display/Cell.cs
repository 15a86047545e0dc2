namespace Kit.Display;

/// <summary>
/// The cancellation of the notebook cell that is running. The kit's kernel sets it for each execution and cancels it
/// on an interrupt; long loops (the kit's trainers, or any user code) stop early by checking
/// <see cref="Token"/> or calling <see cref="Checkpoint"/>. The kernel also inserts a <see cref="Checkpoint"/> call at
/// the start of every loop body and method body of submitted code, so plain loops stop too. Outside a kernel the token
/// never fires.
/// </summary>
public static class Cell
{
    // Async-local: flows into tasks and threads the cell starts, and a cell abandoned after an interrupt keeps its own.
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>Fires when the user interrupts the running cell.</summary>
    public static CancellationToken Token => Current.Value;

    /// <summary>Throws <see cref="OperationCanceledException"/> once the running cell has been interrupted.</summary>
    public static void Checkpoint() => Current.Value.ThrowIfCancellationRequested();

    /// <summary>Called by the host on the cell's thread before each execution to install that execution's token.</summary>
    public static void Begin(CancellationToken token) => Current.Value = token;

    /// <summary>Called by the host on the cell's thread after each execution.</summary>
    public static void End() => Current.Value = CancellationToken.None;
}
