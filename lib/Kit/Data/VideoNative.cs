using System.Runtime.InteropServices;
using Kit.Torch.Native;

namespace Kit.Data;

/// <summary>P/Invoke entries of lib/native/src/video_io.cpp and flow.cpp (same names and argument order).</summary>
internal static class VideoNative
{
    private const string Lib = NativeMethods.Lib;

    static VideoNative() => NativeLoader.EnsureRegistered();

    [DllImport(Lib, CharSet = CharSet.Ansi, BestFitMapping = false)]
    internal static extern int kit_video_info([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int exact, long[] output, out double fps);

    [DllImport(Lib)]
    internal static extern IntPtr kit_video_read([MarshalAs(UnmanagedType.LPUTF8Str)] string path, long[] indices, int n);

    [DllImport(Lib)]
    internal static extern int kit_video_write([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr frames, double fps);

    [DllImport(Lib)]
    internal static extern IntPtr kit_flow(IntPtr frames, int method, int stride, double bound, int compensate, int feature,
        double ransacThreshold, int minInliers, out IntPtr inliers);
}
