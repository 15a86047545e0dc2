using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// The fixed sine-cosine position table of the Transformer (as VideoMAE builds it over the flattened token order):
/// entry (n, j) = sin(n / 10000^(2 floor(j/2) / D)) for even j, cos(...) for odd j.
/// </summary>
public static class SinusoidTable
{
    /// <returns>(1, N, D) float32.</returns>
    public static Tensor Create(int positions, int dim, Device? device = null)
    {
        if (positions <= 0 || dim <= 0) throw new ArgumentException($"sinusoid table needs positive positions and dim, got {positions} x {dim}");
        using var scope = NewDisposeScope();
        var pos = arange(0, positions, 1, float64, device).unsqueeze(1);                       // (N, 1)
        var j = arange(0, dim, 1, float64, device);
        var rate = Tensor.pow(10000.0, (j.floor_divide(2) * 2.0 / dim).neg());                        // (D)
        var angle = pos * rate.unsqueeze(0);                                                     // (N, D)
        var even = j.remainder(2).eq(0.0).unsqueeze(0).expand(positions, dim);
        var table = where(even, angle.sin(), angle.cos()).to(float32).unsqueeze(0);
        return scope.MoveToOuter(table);
    }
}
