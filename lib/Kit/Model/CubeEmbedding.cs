using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// Cuts a clip into tubelet x patch x patch cubes and projects each to the model width (a Conv3d whose kernel equals its
/// stride, as VideoMAE's patch embedding). Token order is time-major: slot, then row, then column.
/// </summary>
public sealed class CubeEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Kit.Torch.Modules.Conv3d proj;
    private readonly ModelConfig config;

    public CubeEmbedding(ModelConfig config)
    {
        this.config = config;
        long[] k = [config.Tubelet, config.Patch, config.Patch];
        proj = register_module("proj", nn.Conv3d(config.Channels, config.Dim, k, stride: k));
    }

    /// <param name="clip">(B, C, T, H, W) float (normalised).</param>
    /// <returns>(B, N, D) with N = T/t * H/p * W/p.</returns>
    public override Tensor forward(Tensor clip)
    {
        var s = clip.shape;
        if (s.Length != 5 || s[1] != config.Channels || s[2] != config.Frames || s[3] != config.ImageSize || s[4] != config.ImageSize)
            throw new ArgumentException($"clip has shape {Tensor.ShapeString(s)} but model '{config.Name}' expects (B, {config.Channels}, {config.Frames}, {config.ImageSize}, {config.ImageSize})");
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(proj.call(clip).flatten(2).transpose(1, 2));
    }

    /// <summary>FLOPs of the projection for one clip.</summary>
    public double Flops() => 2.0 * config.Grid.Tokens * config.CubeValues * config.Dim;
}
