using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// The MAE-style decoder: projects encoded visible tokens to the decoder width (no bias), appends a learnable mask
/// token for every hidden position, adds the decoder's own sinusoid table, runs the shared blocks, and predicts each
/// target part for the masked tokens only. <see cref="DecoderArrangement"/> decides which blocks are shared.
/// </summary>
public sealed class VideoDecoder : nn.Module
{
    private readonly Kit.Torch.Modules.Linear encoderToDecoder;
    private readonly Parameter maskToken;
    private readonly Kit.Torch.Modules.ModuleList<Block> blocks;
    private readonly Kit.Torch.Modules.LayerNorm? norm;
    private readonly Kit.Torch.Modules.ModuleList<DecoderBranch> branches;
    private readonly int tokens;

    /// <param name="parts">name and feature size of each target part, in the target's order.</param>
    public VideoDecoder(ModelConfig model, IReadOnlyList<(string Name, int Dim)> parts)
    {
        var c = model.DecoderOrDefault;
        c.Validate();
        if (parts.Count == 0) throw new ArgumentException("the decoder needs at least one target part");
        Config = c;
        Parts = parts.ToList();
        EncoderDim = model.Dim;
        tokens = model.Grid.Tokens;
        var (shared, own) = c.Arrangement switch
        {
            DecoderArrangement.Joint => (c.Depth, 0),
            DecoderArrangement.Separate => (0, c.Depth),
            DecoderArrangement.SharedButLast => (c.Depth - 1, 1),
            _ => throw new ArgumentException($"unknown decoder arrangement {c.Arrangement}"),
        };
        encoderToDecoder = register_module("encoder_to_decoder", nn.Linear(model.Dim, c.Dim, bias: false));
        using (var scope = NewDisposeScope())
            maskToken = register_parameter("mask_token", nn.init.trunc_normal_(zeros(1, 1, c.Dim), std: 0.02, a: -0.02, b: 0.02));
        register_buffer("pos_embed", SinusoidTable.Create(tokens, c.Dim), persistent: false);
        blocks = register_module("blocks", nn.ModuleList(Enumerable.Range(0, shared).Select(_ => new Block(c.Dim, c.Heads)).ToArray()));
        if (own == 0) norm = register_module("norm", nn.LayerNorm(c.Dim, eps: 1e-6));
        branches = register_module("heads", nn.ModuleList(parts.Select(p => new DecoderBranch(c, own, p.Dim)).ToArray()));
        VitInit.Apply(this);
    }

    public DecoderConfig Config { get; }
    public IReadOnlyList<(string Name, int Dim)> Parts { get; }
    public int EncoderDim { get; }
    public int SharedBlocks => blocks.Count;
    public int BranchBlocks => branches[0].BlockCount;

    private Tensor PosEmbed => named_buffers(recurse: false).First(b => b.name == "pos_embed").buffer;

    /// <param name="encoded">(B, N_vis, D_enc) encoder output for the visible tokens.</param>
    /// <param name="visible">(B, N_vis) int64 indices of the visible tokens.</param>
    /// <param name="masked">(B, N_mask) int64 indices of the hidden tokens.</param>
    /// <returns>one (B, N_mask, D_part) prediction per part, in <see cref="Parts"/> order, rows in <paramref name="masked"/> order.</returns>
    public Tensor[] forward(Tensor encoded, Tensor visible, Tensor masked)
    {
        using var scope = NewDisposeScope();
        var (b, nVis, nMask, d) = (encoded.size(0), visible.size(1), masked.size(1), (long)Config.Dim);
        if (nVis + nMask != tokens) throw new ArgumentException($"visible ({nVis}) + masked ({nMask}) tokens must equal the clip's {tokens} tokens");
        var pos = PosEmbed.expand(b, tokens, d);
        var posVis = pos.gather(1, visible.unsqueeze(-1).expand(b, nVis, d));
        var posMask = pos.gather(1, masked.unsqueeze(-1).expand(b, nMask, d));
        var x = cat([encoderToDecoder.call(encoded) + posVis, maskToken.expand(b, nMask, d) + posMask], 1); // (B, N, D_dec)
        foreach (var blk in blocks) x = blk.call(x);
        if (norm is not null) x = norm.call(x);
        // Masked tokens sit after the visible ones; only their rows are predicted.
        return branches.Select(br => scope.MoveToOuter(br.forward(x, nVis, nMask))).ToArray();
    }

    /// <summary>Forward FLOPs of the decoder for one clip with <paramref name="visibleTokens"/> visible tokens.</summary>
    public double Flops(int visibleTokens)
    {
        var masked = tokens - visibleTokens;
        return 2.0 * visibleTokens * EncoderDim * Config.Dim
               + blocks.Sum(b => b.Flops(1, tokens, Config.Dim))
               + branches.Sum(br => br.Flops(tokens, masked, Config.Dim));
    }

    /// <summary>The same count from the config alone (no weights are built).</summary>
    public static double FlopsFor(ModelConfig model, IReadOnlyList<(string Name, int Dim)> parts, int visibleTokens)
    {
        var c = model.DecoderOrDefault;
        var n = model.Grid.Tokens;
        var (shared, own) = c.Arrangement switch
        {
            DecoderArrangement.Joint => (c.Depth, 0),
            DecoderArrangement.Separate => (0, c.Depth),
            _ => (c.Depth - 1, 1),
        };
        var block = VideoEncoder.BlockFlops(n, c.Dim, 4L * c.Dim);
        return 2.0 * visibleTokens * model.Dim * c.Dim + shared * block + parts.Sum(p => own * block + 2.0 * (n - visibleTokens) * c.Dim * p.Dim);
    }
}
