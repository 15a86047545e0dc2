using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kit.Kernel.Execution;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// Handles shell requests one at a time, in arrival order, on its own thread (the I/O loop stays free for control and
/// heartbeat while a cell runs). Every request is wrapped in busy/idle status. After a failed cell that asked to stop
/// on error, execute requests already queued are answered "aborted" (Run All stops at the first error).
/// </summary>
internal sealed class ShellWorker
{
    private readonly BlockingCollection<JupyterMessage> _queue = new();
    private readonly MessageSender _sender;
    private readonly OutputPipeline _output;
    private readonly ExecuteHandler _execute;
    private readonly IntrospectionHandlers _introspection;
    private CancellationTokenSource? _running;

    public ShellWorker(ScriptSession session, MessageSender sender, OutputPipeline output, StdinReader stdin, PlotlyEmbedding plotly)
    {
        _sender = sender;
        _output = output;
        _execute = new ExecuteHandler(session, sender, output, stdin, plotly);
        _introspection = new IntrospectionHandlers(session, sender);
    }

    public void Start() => new Thread(Loop) { IsBackground = true, Name = "shell" }.Start();

    public void Enqueue(JupyterMessage request) => _queue.Add(request);

    /// <summary>Cancels the running cell (interrupt_request or SIGINT); a no-op between cells.</summary>
    public void Interrupt() => Volatile.Read(ref _running)?.Cancel();

    private void Loop()
    {
        foreach (var request in _queue.GetConsumingEnumerable())
        {
            _output.Parent = request;
            _sender.Status("busy", request);
            try
            {
                Dispatch(request);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                KernelLog.Write($"{request.MsgType} failed: {e}");
                _sender.Reply(Channel.Shell, request, request.MsgType.Replace("_request", "_reply"), new()
                {
                    ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(),
                });
            }
            _output.Flush();
            _sender.Status("idle", request);
        }
    }

    private void Dispatch(JupyterMessage request)
    {
        switch (request.MsgType)
        {
            case "execute_request":
                Execute(request);
                break;
            case "kernel_info_request":
                _sender.Reply(Channel.Shell, request, "kernel_info_reply", KernelInfo.Content());
                break;
            case "complete_request":
                _introspection.Complete(request);
                break;
            case "inspect_request":
                _introspection.Inspect(request);
                break;
            case "is_complete_request":
                _introspection.IsComplete(request);
                break;
            case "comm_info_request":
                _sender.Reply(Channel.Shell, request, "comm_info_reply", new() { ["status"] = "ok", ["comms"] = new JsonObject() });
                break;
            case "history_request":
                _sender.Reply(Channel.Shell, request, "history_reply", new() { ["status"] = "ok", ["history"] = new JsonArray() });
                break;
            case "comm_open" or "comm_msg" or "comm_close":
                // No comm targets are registered; there is nothing to answer.
                break;
            default:
                KernelLog.Write($"unsupported shell message '{request.MsgType}' ignored");
                break;
        }
    }

    private void Execute(JupyterMessage request)
    {
        var stopOnError = request.Content["stop_on_error"]?.GetValue<bool>() ?? true;
        var aborted = new List<JupyterMessage>();
        using var cancellation = new CancellationTokenSource();
        Volatile.Write(ref _running, cancellation);
        try
        {
            _execute.Handle(request, cancellation.Token, () => { if (stopOnError) aborted.AddRange(TakeQueuedExecutions()); });
        }
        finally
        {
            Volatile.Write(ref _running, null);
        }
        foreach (var queued in aborted)
        {
            _sender.Status("busy", queued);
            _sender.Reply(Channel.Shell, queued, "execute_reply", new() { ["status"] = "aborted", ["execution_count"] = null });
            _sender.Status("idle", queued);
        }
    }

    /// <summary>Removes the execute requests already queued; other requests stay queued in their order.</summary>
    private List<JupyterMessage> TakeQueuedExecutions()
    {
        var taken = new List<JupyterMessage>();
        var keep = new List<JupyterMessage>();
        while (_queue.TryTake(out var queued))
            (queued.MsgType == "execute_request" ? taken : keep).Add(queued);
        foreach (var request in keep) _queue.Add(request);
        return taken;
    }
}
