using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>End-point error of a flow against the oracle, over all pixels and over moving-object pixels.</summary>
/// <param name="Epe">mean end-point error (pixels) over every pixel of every frame pair.</param>
/// <param name="MovingObjectEpe">the same over the pixels that show a moving object (NaN when there are none).</param>
/// <param name="Pixels">pixels averaged over for <see cref="Epe"/>.</param>
/// <param name="MovingObjectPixels">pixels averaged over for <see cref="MovingObjectEpe"/>.</param>
public sealed record FlowError(double Epe, double MovingObjectEpe, long Pixels, long MovingObjectPixels)
{
    /// <summary>Pools errors measured on several clips, weighting each by its pixel counts.</summary>
    public static FlowError Pool(IReadOnlyCollection<FlowError> errors)
    {
        var pixels = errors.Sum(e => e.Pixels);
        var moving = errors.Sum(e => e.MovingObjectPixels);
        var epe = errors.Sum(e => e.Epe * e.Pixels) / pixels;
        var movingEpe = moving == 0 ? double.NaN : errors.Where(e => e.MovingObjectPixels > 0).Sum(e => e.MovingObjectEpe * e.MovingObjectPixels) / moving;
        return new FlowError(epe, movingEpe, pixels, moving);
    }
}

/// <summary>
/// How accurate an estimated flow (Farneback, DIS, TV-L1, online) is on a synthetic scene, measured against
/// <see cref="SynthFlow.Oracle(SynthScene, int)"/>: the end-point error |estimated - oracle| in pixels, averaged over all pixels and over
/// the pixels that show an object moving in the world (the motion MGMAE's masks and MME's trajectories are after).
/// </summary>
public static class FlowAccuracy
{
    /// <param name="estimated">(T - 1, 2, size, size) float32 pixels, (dx, dy) from frame t to t + 1 of the rendered scene.</param>
    public static FlowError Measure(SynthScene scene, int size, Tensor estimated)
    {
        using var scope = NewDisposeScope();
        return Measure(estimated, SynthFlow.Oracle(scene, size), MovingObjectPixels(scene, size));
    }

    /// <param name="estimated">(N, 2, H, W) float32 pixels.</param>
    /// <param name="oracle">(N, 2, H, W) float32 pixels.</param>
    /// <param name="movingObject">(N, H, W) bool: true = the pixel shows a moving object.</param>
    public static FlowError Measure(Tensor estimated, Tensor oracle, Tensor movingObject)
    {
        if (!estimated.shape.SequenceEqual(oracle.shape) || estimated.dim() != 4 || estimated.size(1) != 2)
            throw new ArgumentException($"flow accuracy: estimated {Tensor.ShapeString(estimated.shape)} and oracle {Tensor.ShapeString(oracle.shape)} must both be (N, 2, H, W)");
        using var scope = NewDisposeScope();
        var epe = (estimated.to(float32) - oracle).square().sum(1).sqrt();
        var moving = movingObject.to(float32);
        var count = (long)moving.sum().item<float>();
        var movingEpe = count == 0 ? double.NaN : (epe * moving).sum().item<float>() / count;
        return new FlowError(epe.mean().item<float>(), movingEpe, epe.numel(), count);
    }

    /// <summary>Pixels of frame t that show an object whose pose changes from frame t to t + 1 (the camera aside).</summary>
    /// <returns>(T - 1, size, size) bool.</returns>
    public static Tensor MovingObjectPixels(SynthScene scene, int size)
    {
        using var scope = NewDisposeScope();
        var pairs = scene.Frames - 1;
        var layer = SynthFlow.VisibleLayer(scene, size).narrow(0, 0, pairs);
        var mask = zeros([pairs, size, size], @bool);
        for (var k = 0; k < scene.Objects.Count; k++)
        {
            var poses = scene.Objects[k].Poses;
            var moves = tensor(Enumerable.Range(0, pairs).Select(t => poses[t] != poses[t + 1]).ToArray(), [pairs, 1, 1]);
            mask = mask | (layer.eq(k + 1) & moves);
        }
        return scope.MoveToOuter(mask);
    }
}
