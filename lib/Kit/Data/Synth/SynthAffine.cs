using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>
/// An affine map of the plane, (x, y) -> (Ax x + Bx y + Cx, Ay x + By y + Cy). The renderer's map of one layer in one
/// frame (<see cref="ToLayer"/>) takes a normalised output pixel (x, y in 0..1 across and down the frame, pixel centres at
/// (i + 0.5) / size) to the layer's own coordinates, in which its image spans [-1, 1] (grid_sample's convention,
/// align_corners = false). Rendering and the oracle flow both derive from these maps, so the flow is the rendered motion.
/// </summary>
public readonly record struct SynthAffine(double Ax, double Bx, double Cx, double Ay, double By, double Cy)
{
    /// <summary>The background as a layer: centred on the rest view, radius 1, so its image covers world [-0.5, 1.5]^2.</summary>
    public static readonly SynthPose BackgroundPose = new(0.5, 0.5, 1, 0);

    /// <summary>
    /// Output pixel to layer coordinates under a camera and a pose: world w = (p - 0.5) / zoom + camera centre;
    /// local = R(-angle) (w - centre) / radius.
    /// </summary>
    public static SynthAffine ToLayer(SynthCamera cam, SynthPose pose)
    {
        var (c, s) = (Math.Cos(pose.Angle), Math.Sin(pose.Angle));
        var z = cam.Zoom;
        var bx = cam.CenterX - 0.5 / z - pose.X;
        var by = cam.CenterY - 0.5 / z - pose.Y;
        var r = pose.Radius;
        return new(c / z / r, s / z / r, (c * bx + s * by) / r, -s / z / r, c / z / r, (-s * bx + c * by) / r);
    }

    /// <summary>Per-frame maps of the background layer (camera only).</summary>
    public static SynthAffine[] OfBackground(SynthScene scene) => scene.Camera.Select(c => ToLayer(c, BackgroundPose)).ToArray();

    /// <summary>Per-frame maps of an object layer (camera, then the object's pose).</summary>
    public static SynthAffine[] OfObject(SynthScene scene, SynthObject obj) => scene.Camera.Zip(obj.Poses, ToLayer).ToArray();

    /// <summary>The inverse map, in closed form (throws on a singular map, which no camera or pose produces).</summary>
    public SynthAffine Inverse()
    {
        var det = Ax * By - Bx * Ay;
        if (det == 0 || !double.IsFinite(det)) throw new InvalidOperationException($"affine map {this} is not invertible");
        var (ia, ib, ic, id) = (By / det, -Bx / det, -Ay / det, Ax / det);
        return new(ia, ib, -(ia * Cx + ib * Cy), ic, id, -(ic * Cx + id * Cy));
    }

    /// <summary>This map followed by <paramref name="next"/>: p -> next(this(p)).</summary>
    public SynthAffine Then(SynthAffine next) => new(
        next.Ax * Ax + next.Bx * Ay, next.Ax * Bx + next.Bx * By, next.Ax * Cx + next.Bx * Cy + next.Cx,
        next.Ay * Ax + next.By * Ay, next.Ay * Bx + next.By * By, next.Ay * Cx + next.By * Cy + next.Cy);

    /// <summary>Applies the map to one point.</summary>
    public (double X, double Y) Apply(double x, double y) => (Ax * x + Bx * y + Cx, Ay * x + By * y + Cy);

    /// <summary>Normalised pixel-centre coordinates of a size x size frame.</summary>
    /// <returns>px, py: (1, size, size) float32, (i + 0.5) / size across (px) and down (py).</returns>
    public static (Tensor Px, Tensor Py) PixelCentres(int size)
    {
        var pix = (arange(0, size, 1, float32) + 0.5) / size;
        return (pix.reshape(1, 1, size).expand(1, size, size), pix.reshape(1, size, 1).expand(1, size, size));
    }

    /// <summary>The maps evaluated at every pixel; elementwise float32 ops only (bit-reproducible).</summary>
    /// <param name="px">(1, H, W) float32 x of each pixel (see <see cref="PixelCentres"/>).</param>
    /// <param name="py">(1, H, W) float32 y of each pixel.</param>
    /// <param name="maps">one map per output frame.</param>
    /// <returns>(T, H, W, 2) float32: (x, y) image of every pixel under each frame's map (a grid_sample grid).</returns>
    public static Tensor Grid(Tensor px, Tensor py, IReadOnlyList<SynthAffine> maps)
    {
        var t = maps.Count;
        Tensor Column(Func<SynthAffine, double> k) => tensor(maps.Select(a => (float)k(a)).ToArray(), [t, 1, 1]);
        var gx = Column(a => a.Ax) * px + Column(a => a.Bx) * py + Column(a => a.Cx);
        var gy = Column(a => a.Ay) * px + Column(a => a.By) * py + Column(a => a.Cy);
        return stack([gx, gy], -1);
    }
}
