using Kit.Torch.Native;

namespace Kit.Data;

/// <summary>The vision library's video and flow entry points (lib/native/src/vision), each loading the library first so
/// a build without OpenCV says what is missing.</summary>
internal static class VideoNative
{
    internal static int kit_video_info(string path, int exact, long[] output, out double fps)
    {
        VisionLibrary.Require("video decoding");
        return VisionMethods.kit_video_info(path, exact, output, out fps);
    }

    internal static IntPtr kit_video_read(string path, long[] indices, int n)
    {
        VisionLibrary.Require("video decoding");
        return VisionMethods.kit_video_read(path, indices, n);
    }

    internal static int kit_video_write(string path, IntPtr frames, double fps)
    {
        VisionLibrary.Require("video writing");
        return VisionMethods.kit_video_write(path, frames, fps);
    }

    internal static IntPtr kit_flow(IntPtr frames, int method, int stride, double bound, int compensate, int feature,
        double ransacThreshold, int minInliers, out IntPtr inliers)
    {
        VisionLibrary.Require("estimated optical flow");
        return VisionMethods.kit_flow(frames, method, stride, bound, compensate, feature, ransacThreshold, minInliers, out inliers);
    }
}
