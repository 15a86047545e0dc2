using System.Collections.Concurrent;
using Kit.Kernel.Output;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// Messages waiting to be sent. Any thread may post; only the I/O loop, which owns the sockets, sends, in posting order
/// (so a multipart message is never interleaved with another and iopub order matches execution order).
/// </summary>
internal sealed class Outbox
{
    private readonly ConcurrentQueue<(Channel Channel, JupyterMessage Message)> _queue = new();
    private readonly WakePipe _wake = new();

    public int WakeFd => _wake.ReadFd;

    public void Post(Channel channel, JupyterMessage message)
    {
        _queue.Enqueue((channel, message));
        _wake.Wake();
    }

    /// <summary>Called by the I/O loop: hands every queued message to <paramref name="send"/>.</summary>
    public void Drain(Action<Channel, JupyterMessage> send)
    {
        _wake.Drain();
        while (_queue.TryDequeue(out var item)) send(item.Channel, item.Message);
    }
}
