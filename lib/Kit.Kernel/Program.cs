using Kit.Kernel.Protocol;
using Kit.Kernel.Server;

namespace Kit.Kernel;

/// <summary>Entry point: <c>kit-kernel CONNECTION_FILE</c>, as a kernelspec's argv runs it.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 1 || args[0] is "-h" or "--help")
        {
            Console.Error.WriteLine("usage: kit-kernel CONNECTION_FILE   (started by Jupyter through the kernelspec)");
            return 2;
        }
        var exitCode = new KernelServer(ConnectionInfo.Load(args[0])).Run();
        // Abandoned cell threads (interrupted code that never reached a checkpoint) must not keep the process alive.
        Environment.Exit(exitCode);
        return exitCode;
    }
}
