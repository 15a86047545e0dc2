namespace Kit.Kernel.Output;

/// <summary>A non-blocking pipe the I/O loop polls beside its sockets, so other threads can wake it to send.</summary>
internal sealed class WakePipe
{
    private readonly int _read;
    private readonly int _write;

    public WakePipe() => (_read, _write) = LibC.Pipe(LibC.OCloExec | LibC.ONonBlock);

    public int ReadFd => _read;

    /// <summary>Writes one byte; a full pipe already means a wake-up is pending, so a failed write is fine.</summary>
    public unsafe void Wake()
    {
        byte one = 1;
        LibC.Write(_write, &one, 1);
    }

    public unsafe void Drain()
    {
        var buffer = stackalloc byte[256];
        while (LibC.Read(_read, buffer, 256) > 0) { }
    }
}
