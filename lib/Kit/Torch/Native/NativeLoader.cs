using System.Reflection;
using System.Runtime.InteropServices;

namespace Kit.Torch.Native;

/// <summary>
/// Finds libkitnative.so beside Kit.dll, so the library loads the same way from tests, the CLI and a notebook that
/// references the assembly by path (where the default probing would look beside the host, not beside Kit.dll).
/// KIT_NATIVE_LIB overrides the path (for a shim built against a CUDA libtorch elsewhere); the vision part,
/// libkitvision.so, is found by <see cref="VisionLibrary"/>. Before the library (and with
/// it libtorch's OpenMP runtime and OpenBLAS) loads, GOMP_SPINCOUNT and OPENBLAS_THREAD_TIMEOUT are set to short
/// spins unless the user set them: see lib/native/src/openmp.cpp for the measurements behind them.
/// </summary>
internal static class NativeLoader
{
    private static int registered;

    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver was already set for this assembly (e.g. by a host); its choice stands.
        }
    }

    /// <summary>How many times an idle OpenMP thread polls for work before it sleeps, when the user chose no wait policy.</summary>
    internal const string DefaultGompSpinCount = "300";

    // Environment.SetEnvironmentVariable changes only .NET's copy of the environment; libgomp reads the C one.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv(string name);

    /// <summary>How long (2^N cycles) an idle OpenBLAS thread polls for the next matrix product before it sleeps,
    /// when the user chose none (OpenBLAS's own default is 2^28, about 0.1 s).</summary>
    internal const string DefaultOpenBlasThreadTimeout = "14";

    private static void PreferShortOpenMpSpin()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (getenv("OMP_WAIT_POLICY") == IntPtr.Zero && getenv("GOMP_SPINCOUNT") == IntPtr.Zero)
            setenv("GOMP_SPINCOUNT", DefaultGompSpinCount, 0);
        // libtorch's matrix products run on OpenBLAS's own threads (Debian's pthread build), which otherwise keep
        // polling for about 0.1 s after each product and take the cores from whatever runs next
        if (getenv("OPENBLAS_THREAD_TIMEOUT") == IntPtr.Zero && getenv("GOTO_THREAD_TIMEOUT") == IntPtr.Zero)
            setenv("OPENBLAS_THREAD_TIMEOUT", DefaultOpenBlasThreadTimeout, 0);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name == VisionLibrary.Lib) return VisionLibrary.Handle(assembly);
        if (name != NativeMethods.Lib) return IntPtr.Zero;
        PreferShortOpenMpSpin();
        var overridePath = Environment.GetEnvironmentVariable("KIT_NATIVE_LIB");
        if (!string.IsNullOrEmpty(overridePath)) return NativeLibrary.Load(overridePath);
        var dir = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(dir))
        {
            var candidate = Path.Combine(dir, "libkitnative.so");
            if (File.Exists(candidate)) return NativeLibrary.Load(candidate);
        }
        if (NativeLibrary.TryLoad("libkitnative.so", assembly, searchPath, out var handle)) return handle;
        throw new DllNotFoundException(
            $"libkitnative.so was not found beside {assembly.Location}. Build the kit with `./kit setup` " +
            "(or `dotnet build lib/Kit`), which compiles the native shim and copies it next to Kit.dll.");
    }
}
