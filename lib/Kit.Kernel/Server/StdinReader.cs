using System.Collections.Concurrent;
using Kit.Display;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// Console.In for cells. Console.ReadLine() (or Read()) in a cell sends an input_request on the stdin channel, parented
/// to the running execute_request and routed to its identities, and blocks until the frontend's input_reply comes
/// back through the I/O loop. Output written before it (the prompt) is flushed first. An interrupt stops the wait
/// (the cell ends as interrupted). When the request did not allow stdin, reading throws a
/// <see cref="StdinNotAllowedException"/> that says so instead of blocking or returning null.
/// </summary>
internal sealed class StdinReader(MessageSender sender, Action flushStreams) : TextReader
{
    private readonly BlockingCollection<JupyterMessage> _replies = new();
    private JupyterMessage? _request;
    private string _pending = "";

    /// <summary>The execute_request now running; input can be asked for it while it runs.</summary>
    public void Begin(JupyterMessage request) => Volatile.Write(ref _request, request);

    /// <summary>The request finished: reads fail again, and text typed for it but not read is dropped.</summary>
    public void End()
    {
        Volatile.Write(ref _request, null);
        _pending = "";
    }

    /// <summary>Called by the I/O loop with each input_reply received on the stdin socket.</summary>
    public void Deliver(JupyterMessage reply) => _replies.Add(reply);

    public override string ReadLine()
    {
        if (_pending.Length > 0)
        {
            var rest = _pending.TrimEnd('\n');
            _pending = "";
            return rest;
        }
        return AskFrontend();
    }

    public override int Read()
    {
        if (_pending.Length == 0) _pending = AskFrontend() + "\n";
        var next = _pending[0];
        _pending = _pending[1..];
        return next;
    }

    /// <summary>The next character of a line already typed; -1 rather than asking the frontend.</summary>
    public override int Peek() => _pending.Length > 0 ? _pending[0] : -1;

    private string AskFrontend()
    {
        var request = Volatile.Read(ref _request)
            ?? throw new StdinNotAllowedException("Console input can only be read while a cell runs.");
        if (!(request.Content["allow_stdin"]?.GetValue<bool>() ?? false))
            throw new StdinNotAllowedException(
                "This frontend does not accept console input (the execute_request has allow_stdin = false, as batch " +
                "runners such as nbconvert send): Console.ReadLine() cannot be answered. Set the value in code instead.");
        flushStreams();
        while (_replies.TryTake(out _)) { }
        var asked = sender.Reply(Channel.Stdin, request, "input_request", new() { ["prompt"] = "", ["password"] = false });
        while (true)
        {
            // jupyter_client's input() sends its reply without a parent header; a parented reply must be to this request.
            var reply = _replies.Take(Cell.Token);
            var parent = reply.ParentHeader["msg_id"]?.GetValue<string>();
            if (parent is null || parent == asked.MsgId) return reply.Content["value"]?.GetValue<string>() ?? "";
        }
    }
}
