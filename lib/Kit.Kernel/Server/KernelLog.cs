using System.Text;
using Kit.Kernel.Output;

namespace Kit.Kernel.Server;

/// <summary>The kernel's diagnostics, written to the original stderr (the Jupyter server's console), never to a cell.</summary>
internal static class KernelLog
{
    private static int _fd = 2;

    public static void UseDescriptor(int fd) => _fd = fd;

    public static void Write(string message) =>
        LibC.WriteAll(_fd, Encoding.UTF8.GetBytes($"[kit-kernel {DateTime.Now:HH:mm:ss.fff}] {message}\n"));
}
