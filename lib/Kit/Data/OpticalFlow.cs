using Kit.Torch;

namespace Kit.Data;

/// <summary>Dense flow of a frame sequence (lib/native/src/flow.cpp), with the per-pair compensation outcome.</summary>
/// <param name="Flow">(T - stride, 2, H, W) float32 pixels, (dx, dy) from frame i to frame i + stride.</param>
/// <param name="Inliers">(T - stride) RANSAC inlier counts when compensating (-1 = too few matches, plain flow kept); null otherwise.</param>
public sealed record FlowResult(Tensor Flow, Tensor? Inliers) : IDisposable
{
    public void Dispose()
    {
        Flow.Dispose();
        Inliers?.Dispose();
    }
}

/// <summary>Optical flow with OpenCV: Farneback, DIS or Dual TV-L1, optionally camera-motion compensated.</summary>
public static class OpticalFlow
{
    /// <param name="frames">(T, H, W, 3) uint8 RGB, T &gt; stride (CPU; other devices are copied).</param>
    /// <returns>flow (T - stride, 2, H, W) float32 in pixels, clamped to ±Bound.</returns>
    public static FlowResult Compute(Tensor frames, FlowConfig config)
    {
        config.Validate();
        if (frames.dtype != ScalarType.Byte || frames.dim() != 4 || frames.size(3) != 3)
            throw new ArgumentException($"flow: frames must be (T, H, W, 3) uint8, got shape {Tensor.ShapeString(frames.shape)} {frames.dtype}", nameof(frames));
        var h = VideoNative.kit_flow(frames.Handle, (int)config.Method, config.Stride, config.Bound, config.Compensate ? 1 : 0,
            (int)config.Feature, config.RansacThreshold, config.MinInliers, out var inl);
        var flow = Tensor.Wrap(h, "flow");
        var inliers = inl == IntPtr.Zero ? null : Tensor.Wrap(inl, "flow");
        if (!config.Compensate && inliers != null)
        {
            inliers.Dispose();
            inliers = null;
        }
        return new FlowResult(flow, inliers);
    }
}
