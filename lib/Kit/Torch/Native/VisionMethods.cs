using System.Runtime.InteropServices;

namespace Kit.Torch.Native;

/// <summary>
/// P/Invoke declarations of libkitvision (lib/native/src/vision): one line per C entry point, same names and argument
/// order. Callers go through <see cref="VisionLibrary.Require"/> first, so a build without OpenCV fails with a message
/// naming what is missing rather than a DllNotFoundException.
/// </summary>
internal static class VisionMethods
{
    private const string Lib = VisionLibrary.Lib;

    static VisionMethods() => NativeLoader.EnsureRegistered();

    // opencv_info.cpp
    [DllImport(Lib)] internal static extern IntPtr kit_opencv_version();
    [DllImport(Lib)] internal static extern double kit_opencv_smoke(int shift);

    // video_threads.cpp
    [DllImport(Lib)] internal static extern int kit_cv_get_num_threads();
    [DllImport(Lib)] internal static extern int kit_cv_set_num_threads(int n);

    // video_io.cpp
    [DllImport(Lib)] internal static extern int kit_video_info([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int exact, long[] output, out double fps);
    [DllImport(Lib)] internal static extern IntPtr kit_video_read([MarshalAs(UnmanagedType.LPUTF8Str)] string path, long[] indices, int n);
    [DllImport(Lib)] internal static extern int kit_video_write([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr frames, double fps);

    // flow.cpp
    [DllImport(Lib)] internal static extern IntPtr kit_flow(IntPtr frames, int method, int stride, double bound, int compensate, int feature,
        double ransacThreshold, int minInliers, out IntPtr inliers);
}
