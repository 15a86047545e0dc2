using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>Two linear layers with GELU between: (B, N, D) -> (B, N, hidden) -> (B, N, D).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Kit.Torch.Modules.Linear fc1;
    private readonly Kit.Torch.Modules.Linear fc2;

    public Mlp(long dim, long hidden)
    {
        fc1 = register_module("fc1", nn.Linear(dim, hidden));
        fc2 = register_module("fc2", nn.Linear(hidden, dim));
    }

    public override Tensor forward(Tensor x)
    {
        using var h = nn.functional.gelu(fc1.call(x));
        return fc2.call(h);
    }

    public static double Flops(long batch, long n, long d, long hidden) => 2.0 * batch * n * d * hidden * 2;
}
