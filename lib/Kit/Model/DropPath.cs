using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// Stochastic depth: in training, zeroes a residual branch for a whole sample with probability p and scales the
/// survivors by 1/(1-p); identity in eval. x: (B, ...).
/// </summary>
public sealed class DropPath(double p) : nn.Module<Tensor, Tensor>
{
    public double p { get; } = p is >= 0 and < 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), $"drop path probability must be in [0, 1), got {p}");

    public override Tensor forward(Tensor x)
    {
        if (!training || p == 0) return x.alias();
        using var scope = NewDisposeScope();
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.size(0);
        var keep = (rand(shape, x.dtype, x.device) >= p).to(x.dtype).div(1 - p);
        return scope.MoveToOuter(x * keep);
    }
}
