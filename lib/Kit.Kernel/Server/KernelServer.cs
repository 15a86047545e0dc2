using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Kit.Display;
using Kit.Kernel.Execution;
using Kit.Kernel.Protocol;
using Kit.Kernel.Zmq;

namespace Kit.Kernel.Server;

/// <summary>
/// The kernel process: binds the five sockets on the connection file's ip, runs the heartbeat thread and the shell
/// worker, and owns every socket on one I/O thread (this one): it receives and verifies requests, answers control
/// requests at once (even while a cell runs), and sends everything posted to the <see cref="Outbox"/>.
/// </summary>
internal sealed class KernelServer(ConnectionInfo connection)
{
    private readonly MessageFactory _factory = new();
    private readonly Outbox _outbox = new();
    private bool _stopping;

    public int Run()
    {
        using var context = new ZmqContext();
        var sender = new MessageSender(_factory, _outbox);
        var output = new OutputPipeline(sender);
        KernelLog.UseDescriptor(output.LogFd);
        var plotly = new PlotlyEmbedding(sender);
        DisplayHost.Attach(new KernelDisplaySink(sender, () => output.Parent, output.Flush, plotly));
        UnhandledErrors.Install(sender, output);
        var stdin = new StdinReader(sender, output.Flush);
        Console.SetIn(stdin);

        using var session = new ScriptSession(new NuGetRestorer(NuGetRestorer.DefaultCacheRoot), message => Console.WriteLine(message));
        session.WarmUpInBackground();
        var worker = new ShellWorker(session, sender, output, stdin, plotly);
        using var sockets = new SocketSet(context, connection);
        new Heartbeat(context, connection.Endpoint(connection.HeartbeatPort)).Start();
        worker.Start();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            worker.Interrupt();
        });

        var wire = new WireFormat(new MessageSigner(connection.Key));
        sender.Status("starting", null);
        var poller = new ZmqPoller([sockets.Shell, sockets.Control, sockets.Stdin], _outbox.WakeFd);
        KernelLog.Write($"listening on {connection.Ip} (shell {connection.ShellPort}, control {connection.ControlPort})");
        while (!_stopping)
        {
            SendPending(sockets, wire);
            var ready = poller.Wait(-1);
            if (ready[1]) Receive(sockets.Control, wire, message => HandleControl(message, sender, worker));
            if (ready[0]) Receive(sockets.Shell, wire, message =>
            {
                if (message.MsgType == "shutdown_request") HandleShutdown(Channel.Shell, message, sender, worker);
                else worker.Enqueue(message);
            });
            if (ready[2]) Receive(sockets.Stdin, wire, message =>
            {
                if (message.MsgType == "input_reply") stdin.Deliver(message);
                else KernelLog.Write($"unsupported stdin message '{message.MsgType}' ignored");
            });
        }
        SendPending(sockets, wire);
        return 0;
    }

    private void SendPending(SocketSet sockets, WireFormat wire) =>
        _outbox.Drain((channel, message) => sockets.For(channel).SendMultipart(wire.Encode(message)));

    /// <summary>Reads every queued message of a socket; badly signed or malformed ones are logged and dropped.</summary>
    private static void Receive(ZmqSocket socket, WireFormat wire, Action<JupyterMessage> handle)
    {
        while (socket.ReceiveMultipart(wait: false) is { } frames)
        {
            JupyterMessage message;
            try
            {
                message = wire.Decode(frames);
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
            {
                KernelLog.Write($"rejected message: {e.Message}");
                continue;
            }
            handle(message);
        }
    }

    private void HandleControl(JupyterMessage request, MessageSender sender, ShellWorker worker)
    {
        sender.Status("busy", request);
        switch (request.MsgType)
        {
            case "interrupt_request":
                worker.Interrupt();
                sender.Reply(Channel.Control, request, "interrupt_reply", new() { ["status"] = "ok" });
                break;
            case "shutdown_request":
                HandleShutdown(Channel.Control, request, sender, worker);
                break;
            case "kernel_info_request":
                sender.Reply(Channel.Control, request, "kernel_info_reply", KernelInfo.Content());
                break;
            default:
                KernelLog.Write($"unsupported control message '{request.MsgType}' ignored");
                break;
        }
        sender.Status("idle", request);
    }

    private void HandleShutdown(Channel channel, JupyterMessage request, MessageSender sender, ShellWorker worker)
    {
        worker.Interrupt();
        var restart = request.Content["restart"]?.GetValue<bool>() ?? false;
        sender.Reply(channel, request, "shutdown_reply", new() { ["status"] = "ok", ["restart"] = restart });
        _stopping = true;
        KernelLog.Write("shutting down");
    }

    /// <summary>The four request/publish sockets, bound to the connection file's endpoints.</summary>
    private sealed class SocketSet : IDisposable
    {
        public SocketSet(ZmqContext context, ConnectionInfo connection)
        {
            Shell = Bound(context, LibZmq.Router, connection.Endpoint(connection.ShellPort));
            Control = Bound(context, LibZmq.Router, connection.Endpoint(connection.ControlPort));
            Stdin = Bound(context, LibZmq.Router, connection.Endpoint(connection.StdinPort));
            IoPub = Bound(context, LibZmq.Pub, connection.Endpoint(connection.IopubPort));
        }

        public ZmqSocket Shell { get; }
        public ZmqSocket Control { get; }
        public ZmqSocket Stdin { get; }
        public ZmqSocket IoPub { get; }

        public ZmqSocket For(Channel channel) => channel switch
        {
            Channel.Shell => Shell,
            Channel.Control => Control,
            Channel.Stdin => Stdin,
            Channel.IoPub => IoPub,
            _ => throw new ArgumentOutOfRangeException(nameof(channel)),
        };

        private static ZmqSocket Bound(ZmqContext context, int type, string endpoint)
        {
            var socket = new ZmqSocket(context, type);
            if (type == LibZmq.Router) socket.SetInt(LibZmq.RouterHandover, 1);
            socket.Bind(endpoint);
            return socket;
        }

        public void Dispose()
        {
            foreach (var socket in new[] { Shell, Control, Stdin, IoPub }) socket.Dispose();
        }
    }
}
