using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// Multi-head self-attention as in VideoMAE: one qkv projection without bias plus separate q and v biases (k has
/// none, since a key bias shifts every score of a query equally and cancels in the softmax).
/// The attention itself is <see cref="torch.nn.functional.scaled_dot_product_attention"/>: libtorch's fused kernels
/// where it has them (2.x), the explicit softmax(q k^T / sqrt(D/H)) v elsewhere (1.13).
/// x: (B, N, D) -> (B, N, D).
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly long heads;
    private readonly Kit.Torch.Modules.Linear qkv;
    private readonly Parameter qBias;
    private readonly Parameter vBias;
    private readonly Kit.Torch.Modules.Linear proj;

    public Attention(long dim, long numHeads)
    {
        if (dim % numHeads != 0) throw new ArgumentException($"attention dim {dim} is not divisible by {numHeads} heads");
        heads = numHeads;
        qkv = register_module("qkv", nn.Linear(dim, dim * 3, bias: false));
        using var scope = NewDisposeScope();
        qBias = register_parameter("q_bias", zeros(dim));
        vBias = register_parameter("v_bias", zeros(dim));
        proj = register_module("proj", nn.Linear(dim, dim));
    }

    /// <summary>The attention kernel to use; null lets <see cref="torch.nn.functional.default_attention_kernel"/> choose.</summary>
    public AttentionKernel? Kernel { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, n, d) = (x.size(0), x.size(1), x.size(2));
        var bias = cat([qBias, zeros_like(vBias), vBias]);
        var qkvOut = nn.functional.linear(x, qkv.weight, bias)       // (B, N, 3D)
            .reshape(b, n, 3, heads, d / heads).permute(2, 0, 3, 1, 4); // (3, B, H, N, D/H)
        var attended = nn.functional.scaled_dot_product_attention(qkvOut[0], qkvOut[1], qkvOut[2], Kernel); // (B, H, N, D/H)
        var y = attended.transpose(1, 2).reshape(b, n, d);
        return scope.MoveToOuter(proj.call(y));
    }

    /// <summary>Multiply-accumulate FLOPs (x2) of one forward pass over n tokens of width d.</summary>
    public static double Flops(long batch, long n, long d) => 2.0 * batch * n * (3.0 * d * d + d * d) + 4.0 * batch * n * n * d;
}
