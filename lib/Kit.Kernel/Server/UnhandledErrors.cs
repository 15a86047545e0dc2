using System.Runtime.ExceptionServices;
using Kit.Display;
using Kit.Kernel.Execution;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// Keeps exceptions thrown by user code on threads the kernel does not run (a <c>Progress&lt;T&gt;</c> handler, a
/// thread-pool work item, a <c>new Thread</c>, a timer, an <c>async void</c> method) from ending the process: .NET
/// ends it on any unhandled exception, and a notebook loses every variable with it. Each one is reported as stderr
/// text in the cell that started the work (its <see cref="KernelCell"/> flows there with the execution context), or in
/// the cell running now when the work carries no cell (timers). An <see cref="OperationCanceledException"/> from work of
/// an interrupted cell is the interrupt reaching it: logged, not shown.
/// </summary>
internal static class UnhandledErrors
{
    /// <summary>Installs the process-wide handler (once, at start-up).</summary>
    /// <param name="sender">Publishes the report.</param>
    /// <param name="output">Flushed first so the report follows the text written before it.</param>
    public static void Install(MessageSender sender, OutputPipeline output)
    {
        var ioThread = Environment.CurrentManagedThreadId;
        ExceptionHandling.SetUnhandledExceptionHandler(exception =>
        {
            // A failure of the kernel's own threads is a kernel bug: going on without the thread would leave a kernel
            // that answers heartbeats and nothing else, so the process ends as it would without this handler.
            if (Environment.CurrentManagedThreadId == ioThread || IsKernelThread(Thread.CurrentThread.Name))
            {
                KernelLog.Write($"kernel thread '{Thread.CurrentThread.Name}' failed: {exception}");
                return false;
            }
            try
            {
                Report(exception, Cell.Context, sender, output);
            }
            catch (Exception reporting)
            {
                KernelLog.Write($"could not report an unhandled exception ({exception.GetType().Name}: {exception.Message}): {reporting}");
            }
            return true;
        });
    }

    /// <summary>The threads the kernel starts (the shell worker, the heartbeat, the output capture, the cell thread,
    /// which catches the cell's own exceptions).</summary>
    public static bool IsKernelThread(string? name) =>
        name is "shell" or "heartbeat" or "cell" || name?.StartsWith("capture fd ", StringComparison.Ordinal) == true;

    private static void Report(Exception exception, CellContext? context, MessageSender sender, OutputPipeline output)
    {
        var thread = Thread.CurrentThread;
        var where = thread.IsThreadPoolThread ? "a thread-pool thread" : $"thread '{thread.Name ?? thread.ManagedThreadId.ToString()}'";
        if (exception is OperationCanceledException && context is { Cancellation.IsCancellationRequested: true })
        {
            KernelLog.Write($"{context.Name}: interrupted work on {where} stopped ({exception.Message})");
            return;
        }
        var owner = (context as KernelCell)?.Request ?? output.Parent;
        KernelLog.Write($"unhandled exception on {where}, reported in {context?.Name ?? "the current cell"}: {exception.GetType().Name}: {exception.Message}");
        // The capture threads feed the flush itself; everything else may wait for it.
        if (thread.Name?.StartsWith("capture", StringComparison.Ordinal) != true) output.Flush();
        var lines = ErrorReport.Exception(exception).Traceback;
        var text = $"Unhandled exception on {where}, in work started by {context?.Name ?? "a cell"} (the kernel caught it and goes on):\n"
                   + string.Join("\n", lines) + "\n";
        sender.Publish("stream", new() { ["name"] = "stderr", ["text"] = text }, owner);
    }
}
