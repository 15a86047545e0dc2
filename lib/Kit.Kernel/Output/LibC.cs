using System.Runtime.InteropServices;

namespace Kit.Kernel.Output;

/// <summary>The few libc calls needed to redirect file descriptors 1 and 2 into pipes and to wake the I/O loop.</summary>
internal static unsafe partial class LibC
{
    public const int OCloExec = 0x80000, ONonBlock = 0x800;

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)] public static partial int Pipe2(int* fds, int flags);
    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)] public static partial int Dup(int fd);
    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)] public static partial int Dup2(int oldFd, int newFd);
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)] public static partial nint Read(int fd, byte* buffer, nint count);
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)] public static partial nint Write(int fd, byte* buffer, nint count);
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)] public static partial int Close(int fd);
    [LibraryImport("libc", EntryPoint = "fflush")] public static partial int FFlush(nint stream);
    [LibraryImport("libc", EntryPoint = "setvbuf")] public static partial int SetVBuf(nint stream, nint buffer, int mode, nuint size);

    private const int LineBuffered = 1;

    /// <summary>
    /// Makes C stdio's stdout line-buffered. Into a pipe it would be fully buffered, and native lines would then reach
    /// the notebook after managed text written later.
    /// </summary>
    public static void LineBufferNativeStdout()
    {
        var libc = NativeLibrary.Load("libc.so.6");
        var stdoutVariable = NativeLibrary.GetExport(libc, "stdout");
        SetVBuf(Marshal.ReadIntPtr(stdoutVariable), 0, LineBuffered, 0);
    }

    /// <summary>Creates a pipe; returns (read end, write end).</summary>
    public static (int Read, int Write) Pipe(int flags = OCloExec)
    {
        var fds = stackalloc int[2];
        if (Pipe2(fds, flags) != 0) throw new IOException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        return (fds[0], fds[1]);
    }

    /// <summary>Writes all of <paramref name="data"/>, retrying short writes and EINTR.</summary>
    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Write(fd, start + done, data.Length - done);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == 4) continue;
                    throw new IOException($"write failed: errno {Marshal.GetLastPInvokeError()}");
                }
                done += (int)n;
            }
        }
    }
}
