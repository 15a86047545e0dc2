using Kit.Data.Synth;
using static Kit.Torch.torch;

namespace Kit.Tests.Data.Synth;

public class SynthAffineTests
{
    private static readonly SynthAffine Map = SynthAffine.ToLayer(new SynthCamera(0.55, 0.4, 1.3), new SynthPose(0.3, 0.7, 0.12, 0.8));

    [Fact]
    public void ToLayer_PutsTheObjectCentreAtTheOrigin_AndItsRotatedRadiusAtOne()
    {
        // object centre (0.3, 0.7) seen by a camera at (0.55, 0.4), zoom 1.3: p = (w - centre) * zoom + 0.5
        var p = (X: (0.3 - 0.55) * 1.3 + 0.5, Y: (0.7 - 0.4) * 1.3 + 0.5);
        var (lx, ly) = Map.Apply(p.X, p.Y);
        TestUtil.Close(0, lx, 1e-12);
        TestUtil.Close(0, ly, 1e-12);
        // one radius along the object's rotated x axis (angle clockwise on screen, y down)
        var (ex, ey) = Map.Apply(p.X + 0.12 * 1.3 * Math.Cos(0.8), p.Y + 0.12 * 1.3 * Math.Sin(0.8));
        TestUtil.Close(1, ex, 1e-12);
        TestUtil.Close(0, ey, 1e-12);
    }

    [Fact]
    public void Inverse_UndoesTheMap_ThenAppliesInOrder()
    {
        var other = SynthAffine.ToLayer(new SynthCamera(0.5, 0.5, 0.9), new SynthPose(0.6, 0.2, 0.2, -1.1));
        foreach (var (x, y) in new[] { (0.0, 0.0), (0.3, 0.9), (1.2, -0.4) })
        {
            var (ux, uy) = Map.Then(Map.Inverse()).Apply(x, y);
            TestUtil.Close(x, ux, 1e-12);
            TestUtil.Close(y, uy, 1e-12);
            var (mx, my) = Map.Apply(x, y);
            var (ox, oy) = other.Apply(mx, my);
            var (cx, cy) = Map.Then(other).Apply(x, y);
            TestUtil.Close(ox, cx, 1e-12);
            TestUtil.Close(oy, cy, 1e-12);
        }
        Assert.Throws<InvalidOperationException>(() => new SynthAffine(1, 2, 0, 2, 4, 0).Inverse());
    }

    [Fact]
    public void Grid_EvaluatesEachFrameMapAtThePixelCentres()
    {
        using var scope = NewDisposeScope();
        var (px, py) = SynthAffine.PixelCentres(8);
        var grid = SynthAffine.Grid(px, py, [Map, SynthAffine.ToLayer(new SynthCamera(0.5, 0.5, 1), SynthAffine.BackgroundPose)]);
        TestUtil.Shape(grid, 2, 8, 8, 2);
        var (gx, gy) = Map.Apply(5.5 / 8, 2.5 / 8);
        TestUtil.Close(gx, grid[0, 2, 5, 0].item<float>(), 1e-5);
        TestUtil.Close(gy, grid[0, 2, 5, 1].item<float>(), 1e-5);
        // the background at rest maps the frame onto the middle half of its image: pixel centre 0.5 / 8 -> -0.4375
        TestUtil.Close(-0.4375, grid[1, 0, 0, 0].item<float>(), 1e-6);
        TestUtil.Close(0.4375, grid[1, 7, 7, 1].item<float>(), 1e-6);
    }
}
