using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>Synthetic clips and flows with known answers, built directly as tensors.</summary>
public static class Synthetic
{
    /// <summary>A linear ramp I = cos(a) x + sin(a) y (gradient direction a) in every channel and frame.</summary>
    /// <returns>(1, C, T, H, W)</returns>
    public static Tensor Ramp(double degrees, int c, int t, int h, int w, double slope = 1)
    {
        var a = degrees * Math.PI / 180;
        var data = new float[c * t * h * w];
        for (var i = 0; i < data.Length; i++)
        {
            var x = i % w;
            var y = i / w % h;
            data[i] = (float)(slope * (Math.Cos(a) * x + Math.Sin(a) * y));
        }
        return tensor(data, [1, c, t, h, w]);
    }

    /// <summary>A smooth textured image translated by (dx, dy) per frame: frame f = I(x - f dx, y - f dy).</summary>
    /// <returns>(B, C, T, H, W) in [0, 1]</returns>
    public static Tensor Moving(int b, int c, int t, int h, int w, double dx, double dy)
    {
        var data = new float[b * c * t * h * w];
        var k = 0;
        for (var bi = 0; bi < b; bi++)
            for (var ci = 0; ci < c; ci++)
                for (var f = 0; f < t; f++)
                    for (var y = 0; y < h; y++)
                        for (var x = 0; x < w; x++)
                        {
                            var u = x - f * dx;
                            var v = y - f * dy;
                            data[k++] = (float)(0.5 + 0.2 * Math.Sin(0.35 * u + 0.1 * ci + bi) * Math.Cos(0.27 * v) + 0.15 * Math.Sin(0.21 * (u + v)));
                        }
        return tensor(data, [b, c, t, h, w]);
    }

    /// <summary>Constant flow (dx, dy) everywhere.</summary>
    /// <returns>(B, F, 2, H, W)</returns>
    public static Tensor ConstantFlow(int b, int f, int h, int w, double dx, double dy)
    {
        using var scope = NewDisposeScope();
        var v = tensor(new float[] { (float)dx, (float)dy }, [1, 1, 2, 1, 1]).expand(b, f, 2, h, w).contiguous();
        return scope.MoveToOuter(v);
    }

    public static ClipBatch Batch(Tensor clip, int stride, Tensor? raw = null, Tensor? flow = null) => new(clip, raw, flow, null, stride);
}
