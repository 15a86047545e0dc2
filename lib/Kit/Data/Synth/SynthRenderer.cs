using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>
/// Renders a <see cref="SynthScene"/> into frames: for every frame and layer, an affine map from output pixels to the
/// layer's own coordinates (<see cref="SynthAffine"/>: camera, then the object's pose) becomes a sampling grid for
/// grid_sample; layers are composited with premultiplied alpha. All frames of a layer are drawn in one batched call.
/// </summary>
public static class SynthRenderer
{
    /// <returns>(T, size, size, 3) uint8 RGB.</returns>
    public static Tensor Render(SynthScene scene, int size) => Render(scene, size, null);

    /// <param name="alphas">when given, receives each object's sampled alpha, (T, 1, size, size) float32 in 0..1, in
    /// drawing order, owned by the caller's dispose scope.</param>
    /// <returns>(T, size, size, 3) uint8 RGB.</returns>
    internal static Tensor Render(SynthScene scene, int size, List<Tensor>? alphas)
    {
        CheckSize(size);
        using var scope = NewDisposeScope();
        var t = scene.Frames;
        var (px, py) = SynthAffine.PixelCentres(size);

        var bgTex = SynthPainter.Background(scene.Background, 2 * size, -0.5, 1.5);
        var frame = Sample(bgTex, SynthAffine.OfBackground(scene), px, py, "reflection");
        foreach (var obj in scene.Objects)
        {
            var sprite = SynthPainter.Sprite(obj.Look, SpriteResolution(scene, obj, size));
            var alpha = sprite.narrow(0, 3, 1);
            var premultiplied = cat([sprite.narrow(0, 0, 3) * alpha, alpha], 0);
            var layer = Sample(premultiplied, SynthAffine.OfObject(scene, obj), px, py, "zeros");
            var a = layer.narrow(1, 3, 1);
            alphas?.Add(scope.MoveToOuter(a.contiguous()));
            frame = frame * (1 - a) + layer.narrow(1, 0, 3);
        }
        var bytes = (frame * 255).round().clamp(0, 255).to(uint8).permute(0, 2, 3, 1).contiguous();
        return scope.MoveToOuter(bytes);
    }

    internal static void CheckSize(int size)
    {
        if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), $"synthetic frame size must be at least 8 pixels, got {size}");
    }

    /// <summary>Side of an object's sprite: about two texels per output pixel at the clip's largest zoom and radius.</summary>
    internal static int SpriteResolution(SynthScene scene, SynthObject obj, int size)
    {
        var zoomMax = scene.Camera.Max(c => c.Zoom);
        var rMax = obj.Poses.Max(p => p.Radius);
        return Math.Clamp((int)Math.Ceiling(4 * rMax * size * zoomMax), 16, 256);
    }

    /// <summary>One layer drawn into every frame: bilinear grid_sample of its image at each frame's mapped pixels.</summary>
    /// <param name="image">(C, R, R) float32 layer image over its coordinates [-1, 1]^2.</param>
    /// <param name="maps">per-frame output pixel -> layer maps (T of them).</param>
    /// <param name="px">(1, H, W) float32, see <see cref="SynthAffine.PixelCentres"/>.</param>
    /// <param name="py">(1, H, W) float32.</param>
    /// <param name="padding">grid_sample padding outside the image: "zeros" for objects, "reflection" for the background.</param>
    /// <returns>(T, C, H, W) float32.</returns>
    internal static Tensor Sample(Tensor image, IReadOnlyList<SynthAffine> maps, Tensor px, Tensor py, string padding)
    {
        var batch = image.unsqueeze(0).expand(maps.Count, image.size(0), image.size(1), image.size(2));
        return nn.functional.grid_sample(batch, SynthAffine.Grid(px, py, maps), "bilinear", padding);
    }
}
