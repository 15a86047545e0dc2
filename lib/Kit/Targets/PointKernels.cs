using Kit.Torch;
using static Kit.Torch.Native.NativeMethods;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// Fused CPU kernels (lib/native/src/point_features.cpp) for the per-point work of MME's trajectory target. Each computes
/// what a tensor-op function computes (<see cref="Hog.PixelBinPlanes"/> of <see cref="Hog.Sobel"/>,
/// <see cref="PointBoxSampler.SampleBinnedPlanes"/>, <see cref="FlowOps.SampleMedian3x3"/>); those functions call these
/// on float32 CPU tensors and keep their tensor ops on every other device, where a GPU runs them fast. On the CPU the
/// tensor-op forms spend their time in passes over memory and per-op dispatch for a few thousand points (measured in
/// the README's target table).
/// </summary>
internal static class PointKernels
{
    /// <summary>Whether the fused kernels serve these tensors (all float32 on the CPU).</summary>
    internal static bool Serve(params Tensor[] tensors)
    {
        foreach (var t in tensors)
            if (t.device.Type != DeviceType.CPU || t.dtype != float32) return false;
        return true;
    }

    /// <summary><see cref="Hog.PixelBinPlanes"/> of <see cref="Hog.Sobel"/> of single-channel images.</summary>
    /// <param name="images">(M, H, W)</param>
    /// <returns>(3, margin + M*H*W + margin)</returns>
    internal static Tensor SobelBinPlanes(Tensor images, int bins, bool signed, bool soft, long margin) =>
        Tensor.Wrap(kit_sobel_bin_planes(images.Handle, bins, signed ? 1 : 0, soft ? 1 : 0, margin), "sobel_bin_planes");

    /// <summary><see cref="PointBoxSampler.SampleBinnedPlanes"/>.</summary>
    /// <returns>(N, bins, P)</returns>
    internal static Tensor BoxHistograms(Tensor planes, long n, int bins, long height, long width, int k, int pad, long margin, Tensor positions, Tensor? frames) =>
        Tensor.Wrap(kit_box_histogram_points(planes.Handle, n, bins, height, width, k, pad, margin, positions.Handle, frames?.Handle ?? IntPtr.Zero), "box_histogram_points");

    /// <summary><see cref="FlowOps.SampleMedian3x3"/>.</summary>
    /// <param name="field">(N, C, H, W)</param>
    /// <param name="positions">(N, P, 2)</param>
    /// <returns>(N, C, P)</returns>
    internal static Tensor Median3x3(Tensor field, Tensor positions) =>
        Tensor.Wrap(kit_median3x3_points(field.Handle, positions.Handle), "median3x3_points");
}
