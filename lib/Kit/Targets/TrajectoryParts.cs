using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// MME's dense trajectory target packed into its parts: displacements divided by the scale and, with patch
/// normalisation, normalised per (patch, step, component) over the patch's in-view trajectories; out-of-view
/// trajectories zeroed; values ordered (feature, step, trajectory) as the release orders positions; with the per-token
/// and per-value validity. Float32 CPU tensors go to one fused kernel (<see cref="TargetKernels"/>); other devices run
/// <see cref="PackWithTensorOps"/>.
/// </summary>
public static class TrajectoryParts
{
    /// <param name="displacements">(B, N, K, L, 2) per-step displacements in pixels</param>
    /// <param name="shape">(B, N, K, L', bins) appearance along the track, or null</param>
    /// <param name="inView">(B, N, K) bool, or null: every trajectory counts and no validity is reported</param>
    /// <param name="scale">displacements are divided by this</param>
    /// <param name="patchNorm">normalise the positions over each patch's in-view trajectories</param>
    /// <returns>"position" (B, N, 2 L K) unless L = 0, then "shape" (B, N, bins L' K) when given</returns>
    public static IReadOnlyList<TargetPart> Pack(Tensor displacements, Tensor? shape, Tensor? inView, double scale, bool patchNorm)
    {
        Check(displacements, shape, inView, scale);
        var cpu = TargetKernels.Serve(shape is null ? [displacements] : [displacements, shape]) && (inView is null || inView.device.Type == DeviceType.CPU);
        if (!cpu) return PackWithTensorOps(displacements, shape, inView, scale, patchNorm);
        var (positions, shapeValues, tokenValid, positionValid, shapeValid) = TargetKernels.TrajectoryParts(displacements, shape, inView, scale, patchNorm);
        var parts = new List<TargetPart>();
        if (displacements.size(3) > 0) parts.Add(new TargetPart("position", positions, tokenValid, positionValid));
        else positions.Dispose();
        // both parts hold the one token validity, as the tensor-op form's do
        if (shapeValues is not null) parts.Add(new TargetPart("shape", shapeValues, tokenValid, shapeValid));
        else if (parts.Count == 0) tokenValid?.Dispose();
        return parts;
    }

    /// <summary><see cref="Pack"/> with tensor ops, on any device.</summary>
    public static IReadOnlyList<TargetPart> PackWithTensorOps(Tensor displacements, Tensor? shape, Tensor? inView, double scale, bool patchNorm)
    {
        Check(displacements, shape, inView, scale);
        using var scope = NewDisposeScope();
        var s = displacements.shape;
        var valid = inView ?? ones(new[] { s[0], s[1], s[2] }, @bool, displacements.device);
        var v = valid.to(float32).unsqueeze(-1).unsqueeze(-1);
        var disp = displacements / scale;
        if (patchNorm) disp = TrajectoryTarget.NormalizeOverTrajectories(disp, v);
        var tokenValid = inView is null ? null : valid.any(2);
        var parts = new List<TargetPart>();
        if (s[3] > 0) parts.Add(Part("position", disp * v, valid, tokenValid));
        if (shape is not null) parts.Add(Part("shape", shape * v, valid, tokenValid));
        return parts.Select(p => new TargetPart(p.Name, scope.MoveToOuter(p.Values), p.Valid is null ? null : scope.MoveToOuter(p.Valid),
            p.FeatureValid is null ? null : scope.MoveToOuter(p.FeatureValid))).ToList();
    }

    /// <summary>(B, N, K, L, F) laid out (B, N, F * L * K), (feature, step, trajectory) as the release orders positions, with
    /// each value's validity (its trajectory's) when <paramref name="tokenValid"/> is given.</summary>
    internal static TargetPart Part(string name, Tensor x, Tensor valid, Tensor? tokenValid)
    {
        var s = x.shape;
        var values = x.permute(0, 1, 4, 3, 2).reshape(s[0], s[1], s[2] * s[3] * s[4]);
        Tensor? featureValid = null;
        if (tokenValid is not null)
            featureValid = valid.reshape(s[0], s[1], 1, 1, s[2]).expand(s[0], s[1], s[4], s[3], s[2]).reshape(s[0], s[1], s[2] * s[3] * s[4]);
        return new TargetPart(name, values, tokenValid, featureValid);
    }

    private static void Check(Tensor displacements, Tensor? shape, Tensor? inView, double scale)
    {
        if (displacements.dim() != 5 || displacements.size(4) != 2)
            throw new ArgumentException($"trajectory parts take displacements (B, N, K, L, 2), got {Tensor.ShapeString(displacements.shape)}");
        var (b, n, k) = (displacements.size(0), displacements.size(1), displacements.size(2));
        if (shape is not null && (shape.dim() != 5 || shape.size(0) != b || shape.size(1) != n || shape.size(2) != k))
            throw new ArgumentException($"trajectory parts take shape ({b}, {n}, {k}, L', bins), got {Tensor.ShapeString(shape.shape)}");
        if (inView is not null && (inView.dtype != @bool || inView.dim() != 3 || inView.size(0) != b || inView.size(1) != n || inView.size(2) != k))
            throw new ArgumentException($"trajectory parts take inView bool ({b}, {n}, {k}), got {inView.dtype} {Tensor.ShapeString(inView.shape)}");
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), $"trajectory displacement scale must be positive, got {scale}");
    }
}
