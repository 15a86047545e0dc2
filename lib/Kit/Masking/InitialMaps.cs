using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>MGMAE's initial visibility maps at the base frame (higher = more likely visible).</summary>
public static class InitialMaps
{
    /// <summary>Value of in-frame hidden pixels: small but non-zero, as the release.</summary>
    public const double Floor = 1e-8;

    /// <returns>(B, H, W) float in (0, 1]</returns>
    public static Tensor Create(InitialMap kind, long batch, TokenGrid grid, int visiblePerSlot, double ratio, double sigma, Device device, MgmaeVariant variant = MgmaeVariant.Paper) => kind switch
    {
        InitialMap.TokenRandom => TokenRandom(batch, grid, visiblePerSlot, device),
        InitialMap.PixelRandom => PixelRandom(batch, grid, ratio, device),
        InitialMap.MixedGaussian => MixedGaussian(batch, grid, visiblePerSlot, sigma, device, variant),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown initial map"),
    };

    public static Tensor TokenRandom(long batch, TokenGrid grid, int visible, Device device)
    {
        using var scope = NewDisposeScope();
        var idx = rand([batch, grid.TokensPerSlot], float32, device).topk(visible, 1).indices;
        var tokens = full([batch, grid.TokensPerSlot], Floor, float32, device).scatter(1, idx, 1.0);
        var map = tokens.reshape(batch, grid.Rows, 1, grid.Cols, 1).expand(batch, grid.Rows, grid.Patch, grid.Cols, grid.Patch).reshape(batch, grid.Height, grid.Width);
        return scope.MoveToOuter(map);
    }

    public static Tensor PixelRandom(long batch, TokenGrid grid, double ratio, Device device)
    {
        using var scope = NewDisposeScope();
        long pixels = (long)grid.Height * grid.Width;
        var keep = Math.Max(1, (long)Math.Round((1 - ratio) * pixels));
        var idx = randn([batch, pixels], float32, device).topk(keep, 1).indices;
        var map = full([batch, pixels], Floor, float32, device).scatter(1, idx, 1.0).reshape(batch, grid.Height, grid.Width);
        return scope.MoveToOuter(map);
    }

    /// <summary>Gaussians at <paramref name="visible"/> random patch centres per clip. Paper: the sum of N(c, sigma^2)
    /// densities, exp(-(dx^2 + dy^2) / (2 sigma^2)), so nearby centres reinforce each other; release: the pixel-wise
    /// maximum of exp(-((dx/sigma)^2 + (dy/sigma)^2)). Either is divided by its clip's maximum; the paper's map never
    /// drops below <see cref="Floor"/> (an exact 0 would read as a warping hole).</summary>
    /// <returns>(B, H, W) float in (0, 1]</returns>
    public static Tensor MixedGaussian(long batch, TokenGrid grid, int visible, double sigma, Device device, MgmaeVariant variant = MgmaeVariant.Paper)
    {
        if (sigma <= 0) throw new ArgumentOutOfRangeException(nameof(sigma), $"mixed-Gaussian Sigma must be positive, got {sigma}");
        using var scope = NewDisposeScope();
        var idx = rand([batch, grid.TokensPerSlot], float32, device).topk(visible, 1).indices; // (B, V)
        var cy = (idx.floor_divide(grid.Cols).to(float32) + 0.5) * grid.Patch - 0.5;
        var cx = (idx.remainder(grid.Cols).to(float32) + 0.5) * grid.Patch - 0.5;
        var ys = arange(0, grid.Height, 1, float32, device).reshape(1, 1, grid.Height, 1);
        var xs = arange(0, grid.Width, 1, float32, device).reshape(1, 1, 1, grid.Width);
        var dy = (ys - cy.reshape(batch, visible, 1, 1)) / sigma;
        var dx = (xs - cx.reshape(batch, visible, 1, 1)) / sigma;
        var d2 = dx.square() + dy.square();                                                   // (B, V, H, W) in sigmas^2
        var g = variant == MgmaeVariant.Release
            ? (-d2).exp().amax([1L], keepdim: false)
            : (d2 * -0.5).exp().sum([1L], keepdim: false);                                   // (B, H, W)
        var map = g / g.amax([1L, 2L], keepdim: true);
        if (variant == MgmaeVariant.Paper) map = map.clamp_min(Floor);
        return scope.MoveToOuter(map);
    }
}
