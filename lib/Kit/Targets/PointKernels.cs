using Kit.Torch;
using static Kit.Torch.Native.NativeMethods;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// Fused CPU kernels (lib/native/src/point_features.cpp) for the per-point work of MME's trajectory target: tracking
/// (<see cref="TrajectoryTracker.Track"/>) and orientation histograms around the tracked points
/// (<see cref="PointOrientation.Histograms"/>). Those functions call these on float32 CPU tensors and run tensor ops on
/// every other device, where a GPU runs them fast; on the CPU the tensor-op forms spend their time in passes over memory
/// and per-op dispatch for a few thousand points (the README's target table has both). Tests hold the two forms equal.
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

    /// <summary>Tracks <paramref name="seeds"/> from every start through <paramref name="flows"/> (see <see cref="TrajectoryTracker.Track"/>).</summary>
    /// <param name="flows">(B, F, 2, H, W)</param>
    /// <param name="starts">(S) int64 flow index of each slot's first step</param>
    /// <param name="seeds">(P, 2)</param>
    /// <returns>positions (B, S, P, L+1, 2), displacements (B, S, P, L, 2), in view (B, S, P) bool</returns>
    internal static (Tensor positions, Tensor displacements, Tensor inView) Track(Tensor flows, Tensor starts, Tensor seeds, int length, bool median)
    {
        var positions = Tensor.Wrap(kit_track_points(flows.Handle, starts.Handle, seeds.Handle, length, median ? 1 : 0, out var displacements, out var inView), "track_points");
        return (positions, Tensor.Wrap(displacements, "track_points"), Tensor.Wrap(inView, "track_points"));
    }

    /// <summary>See <see cref="PointOrientation.Histograms"/>.</summary>
    /// <returns>(B, P, bins)</returns>
    internal static Tensor OrientationHistograms(Tensor frames, Tensor positions, Tensor frameOf, int k, int pad, int bins, bool signed, bool soft) =>
        Tensor.Wrap(kit_point_orientation_histograms(frames.Handle, positions.Handle, frameOf.Handle, k, pad, bins, signed ? 1 : 0, soft ? 1 : 0), "point_orientation_histograms");
}
