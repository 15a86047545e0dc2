using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>
/// The generator's exact ("oracle") optical flow: every layer's motion is an affine map between frames, known in
/// closed form from the same per-frame maps <see cref="SynthRenderer"/> draws with, so the flow of a pixel is where the
/// scene point it shows goes, under its layer's own motion and the camera. Same convention as the kit's estimated flows
/// (<see cref="OpticalFlow"/>): (dx, dy) in pixels, x across, y down, from frame t to frame t + 1.
/// </summary>
public static class SynthFlow
{
    /// <summary>Alpha at which an object layer hides the layers under it (the rendered colour is then mostly its own).</summary>
    public const double VisibleAlpha = 0.5;

    /// <returns>(T - 1, 2, size, size) float32 in pixels: (dx, dy) forward flow from frame t to frame t+1 of
    /// SynthRenderer.Render(scene, size), for every pixel of frame t: where the scene point visible there (the topmost
    /// layer with alpha >= 0.5, else the background) is in frame t+1, under that layer's own motion and the camera.</returns>
    public static Tensor Oracle(SynthScene scene, int size) => Oracle(scene, size, 1);

    /// <summary>The oracle flow from frame t to frame t + stride (as <see cref="FlowConfig.Stride"/>): where the point
    /// visible at a pixel of frame t is <paramref name="stride"/> frames later, whatever hides it in between.</summary>
    /// <returns>(T - stride, 2, size, size) float32 pixels.</returns>
    public static Tensor Oracle(SynthScene scene, int size, int stride)
    {
        var pairs = CheckPairs(scene, size, stride);
        using var scope = NewDisposeScope();
        var (px, py) = SynthAffine.PixelCentres(size);
        var alphas = scene.Objects.Select(o => Alpha(scene, o, SynthAffine.OfObject(scene, o)[..pairs], px, py, size)).ToList();
        return scope.MoveToOuter(Assemble(scene, size, stride, Visible(alphas, pairs, size), px, py));
    }

    /// <summary>Frames and oracle flow of a scene in one pass: the flow reuses the renderer's object alphas.</summary>
    /// <returns>Frames: (T, size, size, 3) uint8, the bytes of <see cref="SynthRenderer.Render(SynthScene, int)"/>; Flow: (T - stride, 2,
    /// size, size) float32 pixels, the values of <see cref="Oracle(SynthScene, int, int)"/>.</returns>
    public static (Tensor Frames, Tensor Flow) RenderWithOracle(SynthScene scene, int size, int stride = 1)
    {
        var pairs = CheckPairs(scene, size, stride);
        using var scope = NewDisposeScope();
        var alphas = new List<Tensor>();
        var frames = SynthRenderer.Render(scene, size, alphas);
        var (px, py) = SynthAffine.PixelCentres(size);
        var flow = Assemble(scene, size, stride, Visible(alphas.Select(a => a.narrow(0, 0, pairs)).ToList(), pairs, size), px, py);
        return (scope.MoveToOuter(frames), scope.MoveToOuter(flow));
    }

    /// <summary>Which layer each pixel shows, by the rule <see cref="Oracle(SynthScene, int)"/> uses.</summary>
    /// <returns>(T, size, size) int64: 0 = the background, k = scene.Objects[k - 1].</returns>
    public static Tensor VisibleLayer(SynthScene scene, int size)
    {
        SynthRenderer.CheckSize(size);
        using var scope = NewDisposeScope();
        var (px, py) = SynthAffine.PixelCentres(size);
        var alphas = scene.Objects.Select(o => Alpha(scene, o, SynthAffine.OfObject(scene, o), px, py, size)).ToList();
        return scope.MoveToOuter(Visible(alphas, scene.Frames, size));
    }

    /// <returns>the number of frame pairs, T - stride.</returns>
    private static int CheckPairs(SynthScene scene, int size, int stride)
    {
        SynthRenderer.CheckSize(size);
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"oracle flow stride must be at least 1, got {stride}");
        if (scene.Frames <= stride) throw new ArgumentException($"oracle flow at stride {stride} needs more than {stride} frames, the scene has {scene.Frames}", nameof(scene));
        return scene.Frames - stride;
    }

    /// <summary>Topmost layer with alpha at least <see cref="VisibleAlpha"/>, else the background.</summary>
    /// <param name="alphas">per object in drawing order: (frames, 1, size, size) float32.</param>
    /// <returns>(frames, size, size) int64: 0 = background, k = object k - 1.</returns>
    private static Tensor Visible(IReadOnlyList<Tensor> alphas, int frames, int size)
    {
        var layer = zeros([frames, size, size], int64);
        for (var k = 0; k < alphas.Count; k++) layer = where(alphas[k].squeeze(1) >= VisibleAlpha, full_like(layer, k + 1), layer);
        return layer;
    }

    /// <summary>
    /// Every layer's flow, on its own, at every pixel, then at each pixel that of the layer it shows. A layer's flow:
    /// local l = A_t(p), its position stride frames later p' = A_{t+s}^-1(l), flow = (p' - p) * size; p -> p' - p is
    /// affine, so its coefficients are composed in double and all layers' fields evaluated in one batch.
    /// </summary>
    /// <param name="visible">(T - stride, size, size) int64 from <see cref="Visible"/>.</param>
    /// <returns>(T - stride, 2, size, size) float32 pixels.</returns>
    private static Tensor Assemble(SynthScene scene, int size, int stride, Tensor visible, Tensor px, Tensor py)
    {
        var layers = new[] { SynthAffine.OfBackground(scene) }.Concat(scene.Objects.Select(o => SynthAffine.OfObject(scene, o))).ToList();
        var pairs = scene.Frames - stride;
        var displacement = new List<SynthAffine>(layers.Count * pairs);
        foreach (var maps in layers)
            for (var t = 0; t < pairs; t++)
            {
                var m = maps[t].Then(maps[t + stride].Inverse());
                displacement.Add(new SynthAffine((m.Ax - 1) * size, m.Bx * size, m.Cx * size, m.Ay * size, (m.By - 1) * size, m.Cy * size));
            }
        var fields = SynthAffine.Grid(px, py, displacement).reshape(layers.Count, pairs, size, size, 2);
        var index = visible.unsqueeze(0).unsqueeze(-1).expand(1, pairs, size, size, 2);
        return fields.gather(0, index).squeeze(0).permute(0, 3, 1, 2).contiguous();
    }

    /// <summary>An object's rendered alpha (its sprite's, sampled as the renderer samples it).</summary>
    /// <param name="maps">the frames to draw.</param>
    /// <returns>(frames, 1, size, size) float32 in 0..1.</returns>
    private static Tensor Alpha(SynthScene scene, SynthObject obj, SynthAffine[] maps, Tensor px, Tensor py, int size)
    {
        var alpha = SynthPainter.Sprite(obj.Look, SynthRenderer.SpriteResolution(scene, obj, size)).narrow(0, 3, 1);
        return SynthRenderer.Sample(alpha, maps, px, py, "zeros");
    }
}
