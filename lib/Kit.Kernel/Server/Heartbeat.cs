using Kit.Kernel.Zmq;

namespace Kit.Kernel.Server;

/// <summary>The heartbeat: a REP socket on its own thread echoing every message, so clients see the kernel alive even during long cells.</summary>
internal sealed class Heartbeat(ZmqContext context, string endpoint)
{
    public void Start()
    {
        var socket = new ZmqSocket(context, LibZmq.Rep);
        socket.Bind(endpoint);
        new Thread(() => Echo(socket)) { IsBackground = true, Name = "heartbeat" }.Start();
    }

    private static void Echo(ZmqSocket socket)
    {
        while (true)
        {
            List<byte[]>? frames;
            try { frames = socket.ReceiveMultipart(); }
            catch (ZmqException)
            {
                // ETERM: the context is terminating at shutdown; close so that termination can finish.
                socket.Dispose();
                return;
            }
            if (frames is not null) socket.SendMultipart(frames);
        }
    }
}
