using System.Runtime.InteropServices;

namespace Kit.Kernel.Zmq;

/// <summary>P/Invoke declarations for the parts of libzmq.so.5 (Debian's libzmq5) the kernel uses.</summary>
internal static unsafe partial class LibZmq
{
    private const string Library = "libzmq.so.5";

    public const int Pair = 0, Pub = 1, Rep = 4, Router = 6;
    public const int SndMore = 2, DontWait = 1;
    public const int RcvMore = 13, Linger = 17, RouterHandover = 56;
    public const short PollIn = 1;
    public const int EIntr = 4, EAgain = 11;

    [LibraryImport(Library, EntryPoint = "zmq_ctx_new")] public static partial nint CtxNew();
    [LibraryImport(Library, EntryPoint = "zmq_ctx_term")] public static partial int CtxTerm(nint context);
    [LibraryImport(Library, EntryPoint = "zmq_socket")] public static partial nint Socket(nint context, int type);
    [LibraryImport(Library, EntryPoint = "zmq_close")] public static partial int Close(nint socket);
    [LibraryImport(Library, EntryPoint = "zmq_setsockopt")] public static partial int SetSockOpt(nint socket, int option, void* value, nuint length);
    [LibraryImport(Library, EntryPoint = "zmq_getsockopt")] public static partial int GetSockOpt(nint socket, int option, void* value, nuint* length);
    [LibraryImport(Library, EntryPoint = "zmq_bind", StringMarshalling = StringMarshalling.Utf8)] public static partial int Bind(nint socket, string endpoint);
    [LibraryImport(Library, EntryPoint = "zmq_connect", StringMarshalling = StringMarshalling.Utf8)] public static partial int Connect(nint socket, string endpoint);
    [LibraryImport(Library, EntryPoint = "zmq_send")] public static partial int Send(nint socket, byte* buffer, nuint length, int flags);
    [LibraryImport(Library, EntryPoint = "zmq_msg_init")] public static partial int MsgInit(ZmqMessage* message);
    [LibraryImport(Library, EntryPoint = "zmq_msg_recv")] public static partial int MsgRecv(ZmqMessage* message, nint socket, int flags);
    [LibraryImport(Library, EntryPoint = "zmq_msg_data")] public static partial byte* MsgData(ZmqMessage* message);
    [LibraryImport(Library, EntryPoint = "zmq_msg_size")] public static partial nuint MsgSize(ZmqMessage* message);
    [LibraryImport(Library, EntryPoint = "zmq_msg_close")] public static partial int MsgClose(ZmqMessage* message);
    [LibraryImport(Library, EntryPoint = "zmq_poll")] public static partial int Poll(PollItem* items, int count, long timeoutMs);
    [LibraryImport(Library, EntryPoint = "zmq_errno")] public static partial int Errno();
    [LibraryImport(Library, EntryPoint = "zmq_strerror")] public static partial nint StrError(int errnum);

    /// <summary>The last error as text, for exceptions.</summary>
    public static string LastError()
    {
        var errno = Errno();
        return $"{Marshal.PtrToStringUTF8(StrError(errno))} (errno {errno})";
    }

    /// <summary>zmq_msg_t: 64 opaque bytes, pointer aligned.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct ZmqMessage
    {
        private nint _first;
    }

    /// <summary>zmq_pollitem_t on Linux: socket pointer, file descriptor, requested and returned events.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollItem
    {
        public nint Socket;
        public int Fd;
        public short Events;
        public short Revents;
    }
}
