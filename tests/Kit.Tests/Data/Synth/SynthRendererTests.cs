using Kit.Data;
using Kit.Data.Synth;
using static Kit.Torch.torch;

namespace Kit.Tests.Data.Synth;

public class SynthRendererTests
{
    private static readonly SynthLook Grey = new(SynthShape.Square, SynthTexture.Solid, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], 1, 0, 0);
    private static readonly SynthLook Red = new(SynthShape.Square, SynthTexture.Solid, [1, 0, 0], [1, 0, 0], 1, 0, 0);

    private static SynthScene OneSquare(double x, double y, SynthCamera cam) =>
        new(Grey, [new SynthObject(Red, [new SynthPose(x, y, 0.125, 0)])], [cam], 0, "test");

    private static (double X, double Y) RedCentroid(SynthScene scene, int size)
    {
        using var scope = NewDisposeScope();
        var f = SynthRenderer.Render(scene, size)[0].to(float32);
        var red = ((f[.., .., 0] - f[.., .., 1]) / 127.0).clamp(0, 1);
        var cols = arange(0, size, 1, float32).reshape(1, size);
        var rows = arange(0, size, 1, float32).reshape(size, 1);
        var m = red.sum().item<float>();
        return ((red * cols).sum().item<float>() / m, (red * rows).sum().item<float>() / m);
    }

    [Fact]
    public void ObjectAppearsWhereItsPoseSays_WithItsColour()
    {
        using var scope = NewDisposeScope();
        var f = SynthRenderer.Render(OneSquare(0.25, 0.75, new SynthCamera(0.5, 0.5, 1)), 64);
        TestUtil.Shape(f, 1, 64, 64, 3);
        Assert.Equal(new byte[] { 255, 0, 0 }, f[0, 48, 16].ToArray<byte>());
        Assert.Equal(new byte[] { 128, 128, 128 }, f[0, 16, 48].ToArray<byte>());
        var (cx, cy) = RedCentroid(OneSquare(0.25, 0.75, new SynthCamera(0.5, 0.5, 1)), 64);
        TestUtil.Close(15.5, cx, 0.05, "x");
        TestUtil.Close(47.5, cy, 0.05, "y");
    }

    [Fact]
    public void CameraPanMovesTheSceneTheOtherWay_ZoomMagnifies()
    {
        var (cx, _) = RedCentroid(OneSquare(0.5, 0.5, new SynthCamera(0.6, 0.5, 1)), 64);
        TestUtil.Close(31.5 - 6.4, cx, 0.05, "pan right by 0.1 frame moves the object 6.4 px left");
        using var scope = NewDisposeScope();
        var zoomed = SynthRenderer.Render(OneSquare(0.5, 0.5, new SynthCamera(0.5, 0.5, 2)), 64)[0].to(float32);
        var area = ((zoomed[.., .., 0] - zoomed[.., .., 1]) / 255.0).clamp(0, 1).sum().item<float>();
        TestUtil.Close(4 * (0.8 * 0.25 * 64) * (0.8 * 0.25 * 64), area, 0.05, "area x4 at zoom 2");
    }
}
