using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>
/// Renders a <see cref="SynthScene"/> into frames: for every frame and layer, an affine map from output pixels to the
/// layer's own coordinates (camera, then the object's pose) becomes a sampling grid for grid_sample; layers are
/// composited with premultiplied alpha. All frames of a layer are drawn in one batched call.
/// </summary>
public static class SynthRenderer
{
    /// <returns>(T, size, size, 3) uint8 RGB.</returns>
    public static Tensor Render(SynthScene scene, int size)
    {
        if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), $"synthetic frame size must be at least 8 pixels, got {size}");
        using var scope = NewDisposeScope();
        var t = scene.Frames;
        var pix = (arange(0, size, 1, float32) + 0.5) / size;
        var px = pix.reshape(1, 1, size).expand(1, size, size);
        var py = pix.reshape(1, size, 1).expand(1, size, size);

        var bgTex = SynthPainter.Background(scene.Background, 2 * size, -0.5, 1.5).unsqueeze(0).expand(t, 3, 2 * size, 2 * size);
        var bgGrid = Grid(px, py, scene.Camera.Select(c => Affine(c, new SynthPose(0.5, 0.5, 1, 0))).ToArray());
        var frame = nn.functional.grid_sample(bgTex, bgGrid, "bilinear", "reflection");

        var zoomMax = scene.Camera.Max(c => c.Zoom);
        foreach (var obj in scene.Objects)
        {
            var rMax = obj.Poses.Max(p => p.Radius);
            var res = Math.Clamp((int)Math.Ceiling(4 * rMax * size * zoomMax), 16, 256);
            var sprite = SynthPainter.Sprite(obj.Look, res);
            var alpha = sprite.narrow(0, 3, 1);
            var premultiplied = cat([sprite.narrow(0, 0, 3) * alpha, alpha], 0).unsqueeze(0).expand(t, 4, res, res);
            var grid = Grid(px, py, scene.Camera.Zip(obj.Poses, Affine).ToArray());
            var layer = nn.functional.grid_sample(premultiplied, grid, "bilinear", "zeros");
            var a = layer.narrow(1, 3, 1);
            frame = frame * (1 - a) + layer.narrow(1, 0, 3);
        }
        var bytes = (frame * 255).round().clamp(0, 255).to(uint8).permute(0, 2, 3, 1).contiguous();
        return scope.MoveToOuter(bytes);
    }

    /// <summary>
    /// Coefficients (ax, bx, cx, ay, by, cy) mapping a normalised output pixel (px, py in 0..1) to the layer's
    /// coordinates in [-1, 1]: world w = (p - 0.5) / zoom + camera centre; local = R(-angle) (w - centre) / radius.
    /// The background is the layer with centre (0.5, 0.5) and radius 1 (world [-0.5, 1.5]).
    /// </summary>
    private static double[] Affine(SynthCamera cam, SynthPose pose)
    {
        var (c, s) = (Math.Cos(pose.Angle), Math.Sin(pose.Angle));
        var z = cam.Zoom;
        var bx = cam.CenterX - 0.5 / z - pose.X;
        var by = cam.CenterY - 0.5 / z - pose.Y;
        var r = pose.Radius;
        return [c / z / r, s / z / r, (c * bx + s * by) / r, -s / z / r, c / z / r, (-s * bx + c * by) / r];
    }

    /// <summary>(T, H, W, 2) sampling grid from per-frame affine coefficients; elementwise ops only (bit-reproducible).</summary>
    private static Tensor Grid(Tensor px, Tensor py, double[][] coefficients)
    {
        var t = coefficients.Length;
        Tensor Column(int k) => tensor(coefficients.Select(a => (float)a[k]).ToArray(), [t, 1, 1]);
        var gx = Column(0) * px + Column(1) * py + Column(2);
        var gy = Column(3) * px + Column(4) * py + Column(5);
        return stack([gx, gy], -1);
    }
}
