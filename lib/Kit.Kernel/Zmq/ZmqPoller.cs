namespace Kit.Kernel.Zmq;

/// <summary>Waits until any of several sockets, or a plain file descriptor (a wake-up pipe), is readable.</summary>
internal sealed unsafe class ZmqPoller
{
    private readonly LibZmq.PollItem[] _items;

    public ZmqPoller(IReadOnlyList<ZmqSocket> sockets, int wakeFd)
    {
        _items = new LibZmq.PollItem[sockets.Count + 1];
        for (var i = 0; i < sockets.Count; i++) _items[i] = new() { Socket = sockets[i].Handle, Events = LibZmq.PollIn };
        _items[^1] = new() { Socket = 0, Fd = wakeFd, Events = LibZmq.PollIn };
    }

    /// <summary>Blocks up to <paramref name="timeoutMs"/>; returns which items are readable (the last is the pipe).</summary>
    public bool[] Wait(long timeoutMs)
    {
        fixed (LibZmq.PollItem* items = _items)
        {
            if (LibZmq.Poll(items, _items.Length, timeoutMs) < 0 && LibZmq.Errno() != LibZmq.EIntr)
                throw new ZmqException("zmq_poll");
        }
        return _items.Select(i => (i.Revents & LibZmq.PollIn) != 0).ToArray();
    }
}
