using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// The video ViT encoder: cube embedding, fixed sinusoid positions, pre-norm blocks with stochastic depth rising
/// linearly from 0 to <see cref="ModelConfig.DropPath"/>, final LayerNorm. It runs on the visible tokens only when
/// given their indices (MAE's asymmetric encoder).
/// </summary>
public sealed class VideoEncoder : nn.Module
{
    // ImageNet statistics, as VideoMAE normalises its inputs.
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private readonly CubeEmbedding patchEmbed;
    private readonly Kit.Torch.Modules.ModuleList<Block> blocks;
    private readonly Kit.Torch.Modules.LayerNorm norm;

    public VideoEncoder(ModelConfig config)
    {
        config.Validate();
        Config = config;
        patchEmbed = register_module("patch_embed", new CubeEmbedding(config));
        register_buffer("pos_embed", SinusoidTable.Create(config.Grid.Tokens, config.Dim), persistent: false);
        var rates = Enumerable.Range(0, config.Depth).Select(i => config.Depth == 1 ? 0 : config.DropPath * i / (config.Depth - 1));
        blocks = register_module("blocks", nn.ModuleList(rates.Select(r => new Block(config.Dim, config.Heads, config.MlpRatio, r)).ToArray()));
        norm = register_module("norm", nn.LayerNorm(config.Dim, eps: 1e-6));
        VitInit.Apply(blocks);
    }

    public ModelConfig Config { get; }

    // Looked up by name: Module.to(device) replaces buffers, so a field would go stale.
    private Tensor PosEmbed => named_buffers(recurse: false).First(b => b.name == "pos_embed").buffer;

    public IReadOnlyList<Block> Blocks => blocks;

    /// <summary>Stochastic-depth rate of each block (0 at the first, DropPath at the last).</summary>
    public IReadOnlyList<double> DropPathRates => blocks.Select(b => b.DropPathRate).ToList();

    /// <summary>Embeds the clip's cubes (only the visible ones when given) and adds their positions.</summary>
    /// <param name="clip">(B, C, T, H, W) in 0..1.</param>
    /// <param name="visible">(B, N_vis) int64 token indices, or null for all tokens.</param>
    /// <returns>(B, N_vis, D).</returns>
    public Tensor Embed(Tensor clip, Tensor? visible = null)
    {
        using var scope = NewDisposeScope();
        var x = clip;
        if (Config.NormalizeInput)
        {
            var mean = tensor(Mean, [1, 3, 1, 1, 1], clip.device);
            var std = tensor(Std, [1, 3, 1, 1, 1], clip.device);
            x = (clip - mean) / std;
        }
        var pos = PosEmbed;
        if (visible is not null)
            pos = pos.expand(visible.size(0), pos.size(1), Config.Dim).gather(1, visible.unsqueeze(-1).expand(visible.size(0), visible.size(1), Config.Dim));
        return scope.MoveToOuter(patchEmbed.forward(x, visible) + pos);
    }

    /// <summary>Encodes the visible tokens (all tokens when <paramref name="visible"/> is null).</summary>
    /// <param name="clip">(B, C, T, H, W) float in 0..1.</param>
    /// <param name="visible">(B, N_vis) int64 token indices, or null.</param>
    /// <param name="applyNorm">apply the final LayerNorm (pre-training); fine-tuning pools first and normalises after.</param>
    /// <returns>(B, N_vis, D).</returns>
    public Tensor forward(Tensor clip, Tensor? visible, bool applyNorm = true)
    {
        using var scope = NewDisposeScope();
        var x = Embed(clip, visible);
        foreach (var b in blocks) x = b.call(x);
        if (applyNorm) x = norm.call(x);
        return scope.MoveToOuter(x);
    }

    /// <summary>Forward FLOPs for one clip with <paramref name="visibleTokens"/> tokens entering the blocks.</summary>
    public double Flops(int visibleTokens) => FlopsFor(Config, visibleTokens);

    /// <summary>The same count from the config alone (no weights are built).</summary>
    public static double FlopsFor(ModelConfig c, int visibleTokens) =>
        2.0 * visibleTokens * c.CubeValues * c.Dim + c.Depth * BlockFlops(visibleTokens, c.Dim, (long)(c.Dim * c.MlpRatio));

    /// <summary>One pre-norm block over n tokens of width d (matmuls only).</summary>
    public static double BlockFlops(long n, long d, long hidden) => Attention.Flops(1, n, d) + Mlp.Flops(1, n, d, hidden);
}
