using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// The fine-tuning and linear-probe model: the encoder over all tokens (without its final norm), mean pooling over
/// tokens, LayerNorm (fc_norm), dropout and a linear head, as VideoMAE fine-tunes. With <paramref name="probe"/> the
/// pooled features are standardised by a LayerNorm without learnable scale (the encoder is frozen by the trainer).
/// </summary>
public sealed class VideoClassifier : nn.Module
{
    private readonly Kit.Torch.Modules.LayerNorm fcNorm;
    private readonly Kit.Torch.Modules.Linear head;
    private readonly double headDropout;

    public VideoClassifier(ModelConfig config, int classes, double headDropout = 0.0, bool probe = false)
    {
        if (classes < 2) throw new ArgumentException($"a classifier needs at least 2 classes, got {classes}");
        Encoder = register_module("encoder", new VideoEncoder(config));
        fcNorm = register_module("fc_norm", nn.LayerNorm(config.Dim, eps: 1e-6, elementwise_affine: !probe));
        head = register_module("head", nn.Linear(config.Dim, classes));
        using (no_grad())
        {
            nn.init.trunc_normal_(head.weight, std: 2e-5, a: -2e-5 * 2, b: 2e-5 * 2);
            head.bias!.zero_();
        }
        this.headDropout = headDropout;
        Classes = classes;
        Probe = probe;
    }

    public VideoEncoder Encoder { get; }
    public int Classes { get; }
    public bool Probe { get; }

    /// <summary>Parameters the linear probe trains (fc_norm's, if any, and the head's).</summary>
    public IEnumerable<Parameter> HeadParameters => fcNorm.parameters().Concat(head.parameters());

    /// <summary>Pooled, normalised features. clip: (B, C, T, H, W) in 0..1 -> (B, D).</summary>
    public Tensor Features(Tensor clip)
    {
        using var scope = NewDisposeScope();
        var tokens = Encoder.forward(clip, null, applyNorm: false);
        return scope.MoveToOuter(fcNorm.call(tokens.mean(1)));
    }

    /// <summary>Class logits. clip: (B, C, T, H, W) in 0..1 -> (B, classes).</summary>
    public Tensor forward(Tensor clip)
    {
        using var scope = NewDisposeScope();
        var f = nn.functional.dropout(Features(clip), headDropout, training);
        return scope.MoveToOuter(head.call(f));
    }

    /// <summary>Forward FLOPs per clip.</summary>
    public double Flops() => Encoder.Flops(Encoder.Config.Grid.Tokens) + 2.0 * Encoder.Config.Dim * Classes;
}
