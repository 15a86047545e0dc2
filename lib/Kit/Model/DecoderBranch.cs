using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// The per-part end of the decoder: zero or more private blocks, then (when it has blocks) its own LayerNorm, then a
/// linear head to the part's feature size, applied to the predicted rows only.
/// </summary>
public sealed class DecoderBranch : nn.Module
{
    private readonly Kit.Torch.Modules.ModuleList<Block> blocks;
    private readonly Kit.Torch.Modules.LayerNorm? norm;
    private readonly Kit.Torch.Modules.Linear head;

    public DecoderBranch(DecoderConfig config, int blockCount, int outDim)
    {
        blocks = register_module("blocks", nn.ModuleList(Enumerable.Range(0, blockCount).Select(_ => new Block(config.Dim, config.Heads)).ToArray()));
        if (blockCount > 0) norm = register_module("norm", nn.LayerNorm(config.Dim, eps: 1e-6));
        head = register_module("head", nn.Linear(config.Dim, outDim));
        OutDim = outDim;
    }

    public int OutDim { get; }
    public int BlockCount => blocks.Count;

    /// <param name="x">(B, N, D_dec) every decoder token (the private blocks attend over all of them).</param>
    /// <param name="start">first row to predict; rows start .. start + count - 1 are returned.</param>
    /// <returns>(B, count, D_part).</returns>
    public Tensor forward(Tensor x, long start, long count)
    {
        using var scope = NewDisposeScope();
        foreach (var b in blocks) x = b.call(x);
        x = x.narrow(1, start, count);
        if (norm is not null) x = norm.call(x);
        return scope.MoveToOuter(head.call(x));
    }

    /// <summary>Multiply-add FLOPs: blocks over <paramref name="tokens"/>, head over <paramref name="predicted"/> tokens.</summary>
    public double Flops(int tokens, int predicted, int dim) => blocks.Sum(b => b.Flops(1, tokens, dim)) + 2.0 * predicted * dim * OutDim;
}
