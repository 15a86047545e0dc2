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
    public static int Get()
    {
        VisionLibrary.Require("OpenCV's thread count");
        return VisionMethods.kit_cv_get_num_threads();
    }

    public static void Set(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"OpenCV thread count must be at least 1, got {n}");
        VisionLibrary.Require("OpenCV's thread count");
        TorchException.Check(VisionMethods.kit_cv_set_num_threads(n), "opencv threads");
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
