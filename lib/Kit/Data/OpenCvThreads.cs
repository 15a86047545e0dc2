using System.Runtime.InteropServices;
using Kit.Torch;
using Kit.Torch.Native;

namespace Kit.Data;

/// <summary>
/// OpenCV's internal thread count (process-wide, like torch.set_num_threads). Work that already runs one video per
/// thread (flow cache warm-up, loader workers) goes faster with OpenCV single-threaded; <see cref="Limit"/> sets a
/// count for a block of code and restores the previous one.
/// </summary>
public static class OpenCvThreads
{
    [DllImport(NativeMethods.Lib)] private static extern int kit_cv_get_num_threads();
    [DllImport(NativeMethods.Lib)] private static extern int kit_cv_set_num_threads(int n);

    static OpenCvThreads() => NativeLoader.EnsureRegistered();

    public static int Get() => kit_cv_get_num_threads();

    public static void Set(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"OpenCV thread count must be at least 1, got {n}");
        TorchException.Check(kit_cv_set_num_threads(n), "opencv threads");
    }

    /// <summary>Uses <paramref name="n"/> OpenCV threads until the result is disposed.</summary>
    public static IDisposable Limit(int n)
    {
        var previous = Get();
        Set(n);
        return new Restore(previous);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            Set(previous);
        }
    }
}
