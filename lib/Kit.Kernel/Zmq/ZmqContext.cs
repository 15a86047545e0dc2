namespace Kit.Kernel.Zmq;

/// <summary>A libzmq context; terminate it only after every socket is closed (sockets linger at most 1 s).</summary>
internal sealed class ZmqContext : IDisposable
{
    public ZmqContext()
    {
        Handle = LibZmq.CtxNew();
        if (Handle == 0) throw new ZmqException("zmq_ctx_new");
    }

    public nint Handle { get; private set; }

    public void Dispose()
    {
        if (Handle != 0) LibZmq.CtxTerm(Handle);
        Handle = 0;
    }
}
