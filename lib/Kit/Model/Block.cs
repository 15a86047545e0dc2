using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// Pre-norm transformer block: x + DropPath(Attn(LN(x))), then x + DropPath(MLP(LN(x))). LayerNorm eps 1e-6 and MLP
/// ratio 4 as in VideoMAE. x: (B, N, D) -> (B, N, D).
/// </summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly Kit.Torch.Modules.LayerNorm norm1;
    private readonly Attention attn;
    private readonly DropPath dropPath;
    private readonly Kit.Torch.Modules.LayerNorm norm2;
    private readonly Mlp mlp;

    public Block(long dim, long numHeads, double mlpRatio = 4.0, double dropPath = 0.0)
    {
        norm1 = register_module("norm1", nn.LayerNorm(dim, eps: 1e-6));
        attn = register_module("attn", new Attention(dim, numHeads));
        this.dropPath = register_module("drop_path", new DropPath(dropPath));
        norm2 = register_module("norm2", nn.LayerNorm(dim, eps: 1e-6));
        mlp = register_module("mlp", new Mlp(dim, (long)(dim * mlpRatio)));
        Hidden = (long)(dim * mlpRatio);
    }

    public long Hidden { get; }

    /// <summary>Probability that this block's residual branches are dropped for a sample in training.</summary>
    public double DropPathRate => dropPath.p;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x + dropPath.call(attn.call(norm1.call(x)));
        var y = h + dropPath.call(mlp.call(norm2.call(h)));
        return scope.MoveToOuter(y);
    }

    /// <summary>FLOPs of one forward pass (matmuls only; norms and activations are a rounding error).</summary>
    public double Flops(long batch, long n, long d) => Attention.Flops(batch, n, d) + Mlp.Flops(batch, n, d, Hidden);
}
