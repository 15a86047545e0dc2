using System.Collections.Concurrent;

namespace Kit.Kernel.Execution;

/// <summary>
/// The thread cells run on: one long-lived thread with a large stack, reused cell after cell, so that an interrupt can
/// always return control to the kernel while the cell's code keeps a thread of its own. It used to be a new thread per
/// cell, and the process then grew about 10 MiB of native heap per 2,000 cells that it never gave back: glibc hands
/// each new thread one of its malloc arenas (up to 8 per core) and the runtime's per-thread allocations spread over,
/// and fragmented, all of them. A thread is given up only when an interrupted cell does not reach a checkpoint within
/// the grace period; it finishes that cell on its own (or never) and exits, and the next cell gets a new thread.
/// </summary>
internal sealed class CellThread : IDisposable
{
    /// <summary>Deep recursion in a cell (recursive functions in notebooks) needs more than the default 1.5 MiB.</summary>
    public const int StackSize = 16 * 1024 * 1024;

    private Worker? _worker;

    /// <summary>
    /// Runs <paramref name="work"/> on the cell thread and waits for it. Returns false when
    /// <paramref name="cancellation"/> fired and the work did not finish within <paramref name="grace"/> after it: the
    /// thread is then abandoned to the work.
    /// </summary>
    /// <param name="work">The cell; it must catch its own exceptions (an escaping one ends the process).</param>
    /// <param name="cancellation">The interrupt.</param>
    /// <param name="grace">How long the work may go on after an interrupt.</param>
    public bool Run(Action work, CancellationToken cancellation, TimeSpan grace)
    {
        var worker = _worker ??= new Worker();
        worker.Post(work);
        if (worker.WaitUntilDone(cancellation, grace)) return true;
        worker.Retire();
        _worker = null;
        return false;
    }

    /// <summary>Lets the thread exit once it is idle.</summary>
    public void Dispose()
    {
        _worker?.Retire();
        _worker = null;
    }

    /// <summary>One thread and its one-slot queue of work.</summary>
    private sealed class Worker
    {
        private readonly BlockingCollection<Action> _work = new(boundedCapacity: 1);
        private readonly ManualResetEventSlim _done = new();

        public Worker() => new Thread(Loop, StackSize) { IsBackground = true, Name = "cell" }.Start();

        public void Post(Action work)
        {
            _done.Reset();
            _work.Add(work);
        }

        public bool WaitUntilDone(CancellationToken cancellation, TimeSpan grace)
        {
            try
            {
                _done.Wait(cancellation);
                return true;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return _done.Wait(grace);
            }
        }

        /// <summary>No more work: the thread exits after the work it is running, if any.</summary>
        public void Retire() => _work.CompleteAdding();

        private void Loop()
        {
            foreach (var work in _work.GetConsumingEnumerable())
            {
                try { work(); }
                finally { _done.Set(); }
            }
        }
    }
}
