using Kit.Masking;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// The pre-training model: encoder over visible tokens, decoder predicting each target part at the masked tokens.
/// It never sees data loading, targets or mask strategies: it takes a clip and a <see cref="MaskResult"/>.
/// </summary>
public sealed class MaskedVideoModel : nn.Module
{
    public MaskedVideoModel(ModelConfig config, IReadOnlyList<(string Name, int Dim)> parts)
    {
        Encoder = register_module("encoder", new VideoEncoder(config));
        Decoder = register_module("decoder", new VideoDecoder(config, parts));
    }

    public VideoEncoder Encoder { get; }
    public VideoDecoder Decoder { get; }
    public ModelConfig Config => Encoder.Config;

    /// <param name="clip">(B, C, T, H, W) float in 0..1.</param>
    /// <param name="mask">mask (B, N) true = hidden, and the visible indices (B, N_vis).</param>
    /// <returns>per part (B, N_mask, D_part), rows in the order of <see cref="MaskedIndices"/>.</returns>
    public Tensor[] forward(Tensor clip, MaskResult mask)
    {
        using var scope = NewDisposeScope();
        var masked = MaskedIndices(mask.Mask);
        var encoded = Encoder.forward(clip, mask.Visible);
        return Decoder.forward(encoded, mask.Visible, masked).Select(scope.MoveToOuter).ToArray();
    }

    /// <summary>Indices of the hidden tokens in increasing order. mask: (B, N) bool -> (B, N_mask) int64.</summary>
    public static Tensor MaskedIndices(Tensor mask)
    {
        using var scope = NewDisposeScope();
        var b = mask.size(0);
        var counts = mask.sum(1).to(int64);
        var count = counts[0].item<long>();
        if (!counts.eq((double)count).all().item<bool>())
            throw new ArgumentException("every clip in a batch must hide the same number of tokens");
        return scope.MoveToOuter(mask.nonzero().select(1, 1).reshape(b, count));
    }

    /// <summary>Forward FLOPs per clip (encoder on the visible tokens, decoder on all).</summary>
    public double Flops(int visibleTokens) => Encoder.Flops(visibleTokens) + Decoder.Flops(visibleTokens);
}
