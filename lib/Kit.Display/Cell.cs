namespace Kit.Display;

/// <summary>
/// The notebook cell that is running, as seen from any code it runs: its <see cref="Token"/> (cancelled when the user
/// interrupts), and the <see cref="CellContext"/> the host attached. The kit's long-running calls (Runner.RunAsync,
/// the trainers) use <see cref="Or"/>: a token passed explicitly wins, otherwise they stop when the cell is
/// interrupted. The kernel also inserts a <see cref="Checkpoint"/> call at the start of every loop body and method
/// body of submitted code, so plain loops stop too. Outside a kernel the token never fires.
/// </summary>
public static class Cell
{
    // Async-local: flows into tasks, thread-pool work items, Progress<T> handlers and threads the cell starts, and a
    // cell abandoned after an interrupt keeps its own.
    private static readonly AsyncLocal<CellContext?> Current = new();

    /// <summary>The running cell, or null outside a cell (no kernel, or a thread no cell started).</summary>
    public static CellContext? Context => Current.Value;

    /// <summary>Fires when the user interrupts the running cell; <see cref="CancellationToken.None"/> outside a cell.</summary>
    public static CancellationToken Token => Current.Value?.Cancellation ?? CancellationToken.None;

    /// <summary>
    /// The token a library call honours: <paramref name="given"/> when the caller passed one that can be cancelled,
    /// else the running cell's <see cref="Token"/>. Read it on the caller's thread, before starting work elsewhere.
    /// </summary>
    public static CancellationToken Or(CancellationToken given) => given.CanBeCanceled ? given : Token;

    /// <summary>Throws <see cref="OperationCanceledException"/> once the running cell has been interrupted.</summary>
    public static void Checkpoint() => Token.ThrowIfCancellationRequested();

    /// <summary>Called by the host on the cell's thread before each execution to install that execution's context.</summary>
    public static void Begin(CellContext context) => Current.Value = context;

    /// <summary>Installs a bare context holding only <paramref name="token"/> (hosts and tests without more to attach).</summary>
    public static void Begin(CancellationToken token) => Begin(new CellContext("cell", token));

    /// <summary>Called by the host on the cell's thread after each execution.</summary>
    public static void End() => Current.Value = null;
}
