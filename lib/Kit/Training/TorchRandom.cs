using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// Scalar random draws from libtorch's CPU generator, so every random choice of a run (mixup, cutmix boxes) is covered
/// by the generator state saved in checkpoints: same seed, same numbers, and exact resume.
/// </summary>
public static class TorchRandom
{
    public static double Uniform()
    {
        using var t = rand(1);
        return t.item<double>();
    }

    public static double Normal()
    {
        using var t = randn(1);
        return t.item<double>();
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang's method (boosted for shape &lt; 1).</summary>
    public static double Gamma(double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), $"gamma shape must be positive, got {shape}");
        if (shape < 1) return Gamma(shape + 1) * Math.Pow(Uniform(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal();
            var v = Math.Pow(1 + c * x, 3);
            if (v <= 0) continue;
            var u = Uniform();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    /// <summary>Beta(a, b) as G_a / (G_a + G_b).</summary>
    public static double Beta(double a, double b)
    {
        var x = Gamma(a);
        var y = Gamma(b);
        return x / (x + y);
    }
}
