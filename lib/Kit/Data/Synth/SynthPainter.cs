using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>
/// Paints looks into RGBA images with tensor ops: an object sprite over local coordinates [-1, 1]^2 (alpha = its
/// outline, anti-aliased), or a background over world coordinates. Deterministic: the only randomness is the look's
/// pattern seed, drawn through <see cref="SeededRandom"/>.
/// </summary>
public static class SynthPainter
{
    /// <summary>An object sprite.</summary>
    /// <returns>(4, res, res) float32: RGB in 0..1 then alpha in 0..1.</returns>
    public static Tensor Sprite(SynthLook look, int res)
    {
        using var scope = NewDisposeScope();
        var (u, v) = Coordinates(res, -1, 1);
        var rgb = Colours(look, u, v);
        var edge = 2.0 / res;
        var alpha = (Outline(look.Shape, u, v) / edge + 0.5).clamp(0, 1).unsqueeze(0);
        return scope.MoveToOuter(cat([rgb, alpha], 0));
    }

    /// <summary>A background covering world coordinates [lo, hi]^2.</summary>
    /// <returns>(3, res, res) float32 RGB in 0..1.</returns>
    public static Tensor Background(SynthLook look, int res, double lo, double hi)
    {
        using var scope = NewDisposeScope();
        var (u, v) = Coordinates(res, lo, hi);
        return scope.MoveToOuter(Colours(look, u, v));
    }

    /// <summary>Pixel-centre coordinates of a res x res grid spanning [lo, hi]: u across (columns), v down (rows).</summary>
    private static (Tensor u, Tensor v) Coordinates(int res, double lo, double hi)
    {
        var step = (hi - lo) / res;
        var axis = arange(0, res, 1, float32) * step + (lo + step / 2);
        return (axis.unsqueeze(0).expand(res, res), axis.unsqueeze(1).expand(res, res));
    }

    /// <summary>(3, res, res): the look's two colours mixed by its texture.</summary>
    private static Tensor Colours(SynthLook look, Tensor u, Tensor v)
    {
        var m = Pattern(look, u, v).unsqueeze(0);
        var c1 = tensor(look.Colour.Select(x => (float)x).ToArray()).reshape(3, 1, 1);
        var c2 = tensor(look.Colour2.Select(x => (float)x).ToArray()).reshape(3, 1, 1);
        return c1 * (1 - m) + c2 * m;
    }

    /// <summary>Mixing weight in 0..1 per pixel.</summary>
    private static Tensor Pattern(SynthLook look, Tensor u, Tensor v)
    {
        var f = look.Frequency;
        var (c, s) = (Math.Cos(look.Angle), Math.Sin(look.Angle));
        var ru = u * c + v * s;
        var rv = v * c - u * s;
        switch (look.Texture)
        {
            case SynthTexture.Solid:
                return zeros_like(u);
            case SynthTexture.Stripes:
                return (ru * f).sin() * 0.5 + 0.5;
            case SynthTexture.Checker:
                return ((ru * f).sin() * (rv * f).sin() * 6).tanh() * 0.5 + 0.5;
            case SynthTexture.Blotches:
            {
                // A coarse random grid, smoothly upsampled: irregular patches (f = cells across the image).
                var cells = Math.Max(2, (int)Math.Round(f));
                var rng = new SeededRandom(look.PatternSeed);
                var values = new float[cells * cells];
                for (var i = 0; i < values.Length; i++) values[i] = (float)rng.Next();
                var grid = tensor(values, [1, 1, cells, cells]);
                var res = u.size(0);
                return nn.functional.interpolate(grid, [res, res], "bilinear")[0, 0];
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(look), $"unknown texture {look.Texture}");
        }
    }

    /// <summary>Signed inside-ness of the outline (positive inside, roughly the distance to the edge).</summary>
    private static Tensor Outline(SynthShape shape, Tensor u, Tensor v)
    {
        var au = u.abs();
        var av = v.abs();
        switch (shape)
        {
            case SynthShape.Disc:
                return 1 - (u.square() + v.square()).sqrt();
            case SynthShape.Square:
                return 0.8 - au.maximum(av);
            case SynthShape.Diamond:
                return (0.95 - (au + av)) * 0.7071;
            case SynthShape.Triangle:
            {
                // apex up at (0, -0.9), base at v = 0.75 from u = -0.9 to 0.9
                var sides = (v + 0.9 - au * (1.65 / 0.9)) * (1 / Math.Sqrt(1 + 1.65 * 1.65 / 0.81));
                return sides.minimum(0.75 - v);
            }
            case SynthShape.Cross:
            {
                var vertical = (0.3 - au).minimum(0.9 - av);
                var horizontal = (0.3 - av).minimum(0.9 - au);
                return vertical.maximum(horizontal);
            }
            case SynthShape.Ell:
            {
                var stem = (-0.2 - u).minimum(u + 0.85).minimum(0.85 - av);
                var foot = (0.85 - v).minimum(v - 0.25).minimum(0.85 - au);
                return stem.maximum(foot);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), $"unknown shape {shape}");
        }
    }
}
