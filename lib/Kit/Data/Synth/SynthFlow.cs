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
    public static Tensor Oracle(SynthScene scene, int size)
    {
        var pairs = CheckPairs(scene, size);
        using var scope = NewDisposeScope();
        var (px, py) = SynthAffine.PixelCentres(size);
        var flow = LayerFlow(SynthAffine.OfBackground(scene), px, py, size);
        foreach (var obj in scene.Objects)
        {
            var maps = SynthAffine.OfObject(scene, obj);
            var visible = Alpha(scene, obj, maps[..pairs], px, py, size).permute(0, 2, 3, 1) >= VisibleAlpha;
            flow = where(visible, LayerFlow(maps, px, py, size), flow);
        }
        return scope.MoveToOuter(flow.permute(0, 3, 1, 2).contiguous());
    }

    /// <summary>Which layer each pixel shows, by the rule <see cref="Oracle"/> uses.</summary>
    /// <returns>(T, size, size) int64: 0 = the background, k = scene.Objects[k - 1].</returns>
    public static Tensor VisibleLayer(SynthScene scene, int size)
    {
        SynthRenderer.CheckSize(size);
        using var scope = NewDisposeScope();
        var (px, py) = SynthAffine.PixelCentres(size);
        var layer = zeros([scene.Frames, size, size], int64);
        for (var k = 0; k < scene.Objects.Count; k++)
        {
            var obj = scene.Objects[k];
            var visible = Alpha(scene, obj, SynthAffine.OfObject(scene, obj), px, py, size).squeeze(1) >= VisibleAlpha;
            layer = where(visible, full_like(layer, k + 1), layer);
        }
        return scope.MoveToOuter(layer);
    }

    private static int CheckPairs(SynthScene scene, int size)
    {
        SynthRenderer.CheckSize(size);
        if (scene.Frames < 2) throw new ArgumentException($"oracle flow needs at least 2 frames, the scene has {scene.Frames}", nameof(scene));
        return scene.Frames - 1;
    }

    /// <summary>
    /// A layer's flow, on its own, at every pixel: local l = A_t(p), its position in the next frame p' = A_{t+1}^-1(l),
    /// flow = (p' - p) * size. p -> p' - p is affine, so its coefficients are composed in double and evaluated once.
    /// </summary>
    /// <param name="maps">the layer's T per-frame maps.</param>
    /// <returns>(T - 1, size, size, 2) float32 pixels.</returns>
    private static Tensor LayerFlow(SynthAffine[] maps, Tensor px, Tensor py, int size)
    {
        var displacement = new SynthAffine[maps.Length - 1];
        for (var t = 0; t < displacement.Length; t++)
        {
            var m = maps[t].Then(maps[t + 1].Inverse());
            displacement[t] = new SynthAffine((m.Ax - 1) * size, m.Bx * size, m.Cx * size, m.Ay * size, (m.By - 1) * size, m.Cy * size);
        }
        return SynthAffine.Grid(px, py, displacement);
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
