using Kit.Torch;
using static Kit.Torch.Native.NativeMethods;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// Fused CPU kernels (lib/native/src/target_kernels.cpp) for the targets' hot loops: tracking
/// (<see cref="TrajectoryTracker.Track"/>), orientation histograms around tracked points
/// (<see cref="PointOrientation.Histograms"/>), flow composition and inversion (<see cref="FlowOps.Compose"/>,
/// <see cref="FlowOps.Invert"/>, which motion-guided masking uses too), HOG/HOF cell histograms (<see cref="Hog.Cells"/>,
/// <see cref="Hog.FlowCells"/>), the pixel target's cubes (<see cref="PixelTarget.Values"/>, which the frame-difference
/// targets use too) and motion-guided masking's map propagation (<see cref="Kit.Masking.MapWarp.Propagate"/>). Those functions call these on float32 CPU tensors
/// and run tensor ops on every other device, where a GPU runs them fast; on the CPU the tensor-op forms spend their time
/// in passes over memory and per-op dispatch (the README's target table has both). Tests hold the two forms equal.
/// </summary>
internal static class TargetKernels
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

    /// <summary>Most bins <see cref="OrientationHistograms"/> takes (its histograms live in registers of 16 or 32 floats);
    /// more go to the tensor ops.</summary>
    internal const int MaxOrientationBins = 32;

    /// <summary>See <see cref="PointOrientation.Histograms"/>.</summary>
    /// <returns>(B, P, bins)</returns>
    internal static Tensor OrientationHistograms(Tensor frames, Tensor positions, Tensor frameOf, int k, int pad, int bins, bool signed, bool soft) =>
        Tensor.Wrap(kit_point_orientation_histograms(frames.Handle, positions.Handle, frameOf.Handle, k, pad, bins, signed ? 1 : 0, soft ? 1 : 0), "point_orientation_histograms");

    /// <summary>See <see cref="Targets.TrajectoryParts.Pack"/>.</summary>
    /// <returns>positions (B, N, 2 L K), shape (B, N, bins L' K) when given; with <paramref name="inView"/>, the token
    /// validity (B, N) and each part's per-value validity</returns>
    internal static (Tensor positions, Tensor? shape, Tensor? tokenValid, Tensor? positionValid, Tensor? shapeValid) TrajectoryParts(
        Tensor displacements, Tensor? shape, Tensor? inView, double scale, bool patchNorm)
    {
        var positions = Tensor.Wrap(kit_trajectory_parts(displacements.Handle, shape?.Handle ?? IntPtr.Zero, inView?.Handle ?? IntPtr.Zero, scale, patchNorm ? 1 : 0,
            out var shapeOut, out var tokenValid, out var positionValid, out var shapeValid), "trajectory_parts");
        static Tensor? Maybe(IntPtr h) => h == IntPtr.Zero ? null : Tensor.Wrap(h, "trajectory_parts");
        return (positions, Maybe(shapeOut), Maybe(tokenValid), Maybe(positionValid), Maybe(shapeValid));
    }

    /// <summary>See <see cref="FlowOps.Compose"/>.</summary>
    /// <returns>(B, n, 2, H, W)</returns>
    internal static Tensor ComposeFlows(Tensor flows, Tensor starts, int stride) =>
        Tensor.Wrap(kit_compose_flows(flows.Handle, starts.Handle, stride), "compose_flows");

    /// <summary>See <see cref="FlowOps.Invert"/>.</summary>
    /// <returns>(N, 2, H, W)</returns>
    internal static Tensor InvertFlows(Tensor flows, int iterations) =>
        Tensor.Wrap(kit_invert_flows(flows.Handle, iterations), "invert_flows");

    /// <summary>Per-cell orientation histograms of magnitudes pooled as the variant pools them (see <see cref="Hog.CellHistograms"/>).</summary>
    /// <param name="images">(N, C, H, W); with <paramref name="gradient"/> false, C = 2 holding (x, y)</param>
    /// <returns>(N, C or 1, bins, H/cell, W/cell)</returns>
    internal static Tensor CellHistograms(Tensor images, int cell, int bins, bool signed, HogVariant variant, bool gradient) =>
        Tensor.Wrap(kit_cell_orientation_histograms(images.Handle, cell, bins, signed ? 1 : 0, variant == HogVariant.Mme ? 1 : 0, gradient ? 1 : 0,
            variant == HogVariant.Mme ? 1 : 2), "cell_orientation_histograms");

    /// <summary>See <see cref="Kit.Masking.MapWarp.Propagate"/>; the caller picks each direction's flows.</summary>
    /// <param name="uniform">(B, T, H, W) uniform draws for random hole filling, else null</param>
    /// <returns>(B, T, H, W)</returns>
    internal static Tensor PropagateMaps(Tensor initial, Tensor afterFlows, Tensor beforeFlows, Tensor baseFrames, Kit.Masking.MapWarping warping, Kit.Masking.HoleFill fill, Tensor? uniform, double rho) =>
        Tensor.Wrap(kit_propagate_maps(initial.Handle, afterFlows.Handle, beforeFlows.Handle, baseFrames.Handle,
            warping == Kit.Masking.MapWarping.Backward ? 0 : 1, FillCode(fill), uniform?.Handle ?? IntPtr.Zero, rho), "propagate_maps");

    private static int FillCode(Kit.Masking.HoleFill fill) => fill switch
    {
        Kit.Masking.HoleFill.Invisible => 0,
        Kit.Masking.HoleFill.Visible => 1,
        Kit.Masking.HoleFill.Random => 2,
        Kit.Masking.HoleFill.Previous => 3,
        Kit.Masking.HoleFill.Tube => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(fill), fill, "unknown hole filling"),
    };

    /// <summary>See <see cref="PixelTarget.Values"/>.</summary>
    /// <returns>(B, N, t*p*p*C)</returns>
    /// <param name="gap">0: the clip's pixels; g > 0: its frame differences at gap g (see <see cref="FrameDifferenceTarget.Values"/>)</param>
    internal static Tensor PixelCubes(Tensor clip, int tubelet, int patch, bool normalize, double eps, int gap = 0) =>
        Tensor.Wrap(kit_pixel_cubes(clip.Handle, tubelet, patch, normalize ? 1 : 0, eps, gap), "pixel_cubes");
}
