using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// Cuts a clip into tubelet x patch x patch cubes and projects each to the model width: VideoMAE's Conv3d patch
/// embedding (kernel = stride), kept as a Conv3d parameter so checkpoints match, but computed as cube flattening plus
/// one matrix product, which is the same arithmetic and lets pre-training project only the visible cubes. Token order
/// is time-major: slot, then row, then column.
/// </summary>
public sealed class CubeEmbedding : nn.Module
{
    private readonly Kit.Torch.Modules.Conv3d proj;
    private readonly ModelConfig config;

    public CubeEmbedding(ModelConfig config)
    {
        this.config = config;
        long[] k = [config.Tubelet, config.Patch, config.Patch];
        proj = register_module("proj", nn.Conv3d(config.Channels, config.Dim, k, stride: k));
    }

    /// <summary>Every cube's values, flattened in the Conv3d weight's (C, t, p, p) order.</summary>
    /// <param name="clip">(B, C, T, H, W).</param>
    /// <returns>(B, N, C * t * p * p).</returns>
    public Tensor Cubes(Tensor clip)
    {
        var s = clip.shape;
        if (s.Length != 5 || s[1] != config.Channels || s[2] != config.Frames || s[3] != config.ImageSize || s[4] != config.ImageSize)
            throw new ArgumentException($"clip has shape {Tensor.ShapeString(s)} but model '{config.Name}' expects (B, {config.Channels}, {config.Frames}, {config.ImageSize}, {config.ImageSize})");
        var g = config.Grid;
        using var scope = NewDisposeScope();
        var cubes = clip.reshape(s[0], config.Channels, g.Slots, config.Tubelet, g.Rows, config.Patch, g.Cols, config.Patch)
            .permute(0, 2, 4, 6, 1, 3, 5, 7)
            .reshape(s[0], g.Tokens, config.CubeValues);
        return scope.MoveToOuter(cubes);
    }

    /// <param name="clip">(B, C, T, H, W) float (normalised).</param>
    /// <param name="visible">(B, N_vis) int64 token indices to embed, or null for all N tokens.</param>
    /// <returns>(B, N_vis, D).</returns>
    public Tensor forward(Tensor clip, Tensor? visible = null)
    {
        using var scope = NewDisposeScope();
        var cubes = Cubes(clip);
        if (visible is not null)
            cubes = cubes.gather(1, visible.unsqueeze(-1).expand(visible.size(0), visible.size(1), config.CubeValues));
        var y = nn.functional.linear(cubes, proj.weight.view(config.Dim, config.CubeValues), proj.bias);
        return scope.MoveToOuter(y);
    }

    /// <summary>FLOPs of the projection of <paramref name="tokens"/> cubes.</summary>
    public double Flops(int tokens) => 2.0 * tokens * config.CubeValues * config.Dim;
}
