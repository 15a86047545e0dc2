namespace Kit.Kernel.Zmq;

/// <summary>
/// One libzmq socket. Not thread-safe: each socket is used by a single thread (the kernel's I/O loop, or the heartbeat
/// thread). Calls interrupted by a signal (EINTR, e.g. SIGINT for an interrupt) are retried.
/// </summary>
internal sealed unsafe class ZmqSocket : IDisposable
{
    private nint _handle;

    public ZmqSocket(ZmqContext context, int type)
    {
        _handle = LibZmq.Socket(context.Handle, type);
        if (_handle == 0) throw new ZmqException("zmq_socket");
        SetInt(LibZmq.Linger, 1000);
    }

    public nint Handle => _handle;

    public void SetInt(int option, int value)
    {
        if (LibZmq.SetSockOpt(_handle, option, &value, sizeof(int)) != 0) throw new ZmqException("zmq_setsockopt");
    }

    public void Bind(string endpoint)
    {
        if (LibZmq.Bind(_handle, endpoint) != 0) throw new ZmqException($"zmq_bind {endpoint}");
    }

    public void Connect(string endpoint)
    {
        if (LibZmq.Connect(_handle, endpoint) != 0) throw new ZmqException($"zmq_connect {endpoint}");
    }

    /// <summary>Sends all frames as one multipart message.</summary>
    public void SendMultipart(IReadOnlyList<byte[]> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var flags = i < frames.Count - 1 ? LibZmq.SndMore : 0;
            fixed (byte* data = frames[i])
            {
                while (LibZmq.Send(_handle, data, (nuint)frames[i].Length, flags) < 0)
                    if (LibZmq.Errno() != LibZmq.EIntr) throw new ZmqException("zmq_send");
            }
        }
    }

    /// <summary>Receives one multipart message; null when <paramref name="wait"/> is false and nothing is queued.</summary>
    public List<byte[]>? ReceiveMultipart(bool wait = true)
    {
        var frames = new List<byte[]>();
        LibZmq.ZmqMessage message;
        while (true)
        {
            LibZmq.MsgInit(&message);
            int size;
            while ((size = LibZmq.MsgRecv(&message, _handle, wait || frames.Count > 0 ? 0 : LibZmq.DontWait)) < 0)
            {
                var errno = LibZmq.Errno();
                if (errno == LibZmq.EAgain && frames.Count == 0 && !wait) { LibZmq.MsgClose(&message); return null; }
                if (errno != LibZmq.EIntr) { LibZmq.MsgClose(&message); throw new ZmqException("zmq_msg_recv"); }
            }
            frames.Add(new ReadOnlySpan<byte>(LibZmq.MsgData(&message), size).ToArray());
            LibZmq.MsgClose(&message);
            if (!HasMore()) return frames;
        }
    }

    private bool HasMore()
    {
        int more = 0;
        nuint length = sizeof(int);
        if (LibZmq.GetSockOpt(_handle, LibZmq.RcvMore, &more, &length) != 0) throw new ZmqException("zmq_getsockopt");
        return more != 0;
    }

    public void Dispose()
    {
        if (_handle != 0) LibZmq.Close(_handle);
        _handle = 0;
    }
}
