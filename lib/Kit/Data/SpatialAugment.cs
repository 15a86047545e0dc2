using System.Text.Json.Serialization;

namespace Kit.Data;

/// <summary>How the crop box is chosen.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum CropMode
{
    /// <summary>TSN/VideoMAE multi-scale crop: side = min(H, W) x a scale from Scales (width and height scales at most
    /// one step apart), at one of 13 fixed offsets, resized to Size (VideoMAE pre-training).</summary>
    MultiScale,
    /// <summary>Random area fraction in AreaRange and aspect ratio in RatioRange, resized to Size (fine-tuning).</summary>
    RandomResized,
    /// <summary>Test: resize the short side to Size, take Crops square crops along the long side (1 = centre, 3 =
    /// start, centre, end).</summary>
    Test,
}

/// <summary>Spatial augmentation settings (normalisation with mean/std happens in the model's input step: see
/// <see cref="ClipNormalize"/>).</summary>
/// <param name="Size">output height = width.</param>
/// <param name="Mode">crop policy.</param>
/// <param name="Flip">random horizontal flip with probability 0.5. Off for SSv2-like data (left/right is the label)
/// and for the synthetic motion dataset.</param>
/// <param name="Scales">multi-scale crop scales.</param>
/// <param name="MaxDistort">largest index gap between the width and height scales.</param>
/// <param name="AreaRange">random-resized crop: area fraction range.</param>
/// <param name="RatioRange">random-resized crop: aspect ratio (w/h) range, sampled log-uniformly.</param>
/// <param name="Crops">test mode: spatial views per clip.</param>
/// <param name="RescaleFlow">multiply flow displacements by the resize factor (the geometry's true effect). false
/// reproduces the MME release, which resizes the trajectory grid but not the displacement values.</param>
public sealed record AugmentConfig(
    int Size = 64,
    CropMode Mode = CropMode.MultiScale,
    bool Flip = false,
    double[]? Scales = null,
    int MaxDistort = 1,
    double[]? AreaRange = null,
    double[]? RatioRange = null,
    int Crops = 1,
    bool RescaleFlow = true)
{
    public double[] ScaleList => Scales ?? [1, 0.875, 0.75, 0.66];
    public double[] Area => AreaRange ?? [0.08, 1.0];
    public double[] Ratio => RatioRange ?? [3.0 / 4, 4.0 / 3];

    public AugmentConfig Validate()
    {
        if (Size < 1) throw new ArgumentException($"augment: size must be positive, got {Size}");
        if (ScaleList.Length == 0 || ScaleList.Any(s => s is <= 0 or > 1)) throw new ArgumentException("augment: scales must be in (0, 1]");
        if (Area.Length != 2 || Area[0] <= 0 || Area[1] > 1 || Area[0] > Area[1]) throw new ArgumentException("augment: area range must be two values 0 < lo <= hi <= 1");
        if (Ratio.Length != 2 || Ratio[0] <= 0 || Ratio[0] > Ratio[1]) throw new ArgumentException("augment: ratio range must be two values 0 < lo <= hi");
        if (Crops is not (1 or 3)) throw new ArgumentException($"augment: test crops must be 1 or 3, got {Crops}");
        return this;
    }
}

/// <summary>Draws the <see cref="ClipGeometry"/> of a clip.</summary>
public static class SpatialAugment
{
    /// <summary>A random training geometry for an H x W video.</summary>
    public static ClipGeometry Train(int height, int width, AugmentConfig c, SeededRandom rng)
    {
        var g = c.Mode switch
        {
            CropMode.MultiScale => MultiScale(height, width, c, rng),
            CropMode.RandomResized => RandomResized(height, width, c, rng),
            _ => Test(height, width, c)[0],
        };
        return c.Flip && rng.Chance(0.5) ? g with { Flip = true } : g;
    }

    /// <summary>Deterministic test geometries: Crops square crops of side min(H, W) along the long side.</summary>
    public static IReadOnlyList<ClipGeometry> Test(int height, int width, AugmentConfig c)
    {
        var side = Math.Min(height, width);
        var room = Math.Max(height, width) - side;
        int[] offsets = c.Crops == 1 ? [room / 2] : [0, room / 2, room];
        return offsets.Select(o => height > width
            ? new ClipGeometry(0, o, side, side, c.Size, c.Size, false)
            : new ClipGeometry(o, 0, side, side, c.Size, c.Size, false)).ToList();
    }

    private static ClipGeometry MultiScale(int h, int w, AugmentConfig c, SeededRandom rng)
    {
        var baseSize = Math.Min(h, w);
        var sizes = c.ScaleList.Select(s => (int)(baseSize * s)).ToArray();
        // TSN snaps crop sides within 3 px of the output size to it (avoids a needless resize).
        int Snap(int x) => Math.Abs(x - c.Size) < 3 ? Math.Min(c.Size, baseSize) : x;
        var pairs = new List<(int W, int H)>();
        for (var i = 0; i < sizes.Length; i++)
            for (var j = 0; j < sizes.Length; j++)
                if (Math.Abs(i - j) <= c.MaxDistort) pairs.Add((Snap(sizes[j]), Snap(sizes[i])));
        var (cw, ch) = rng.Pick(pairs);
        var (ws, hs) = ((w - cw) / 4, (h - ch) / 4);
        (int X, int Y)[] offsets =
        [
            (0, 0), (4 * ws, 0), (0, 4 * hs), (4 * ws, 4 * hs), (2 * ws, 2 * hs),
            (0, 2 * hs), (4 * ws, 2 * hs), (2 * ws, 4 * hs), (2 * ws, 0),
            (ws, hs), (3 * ws, hs), (ws, 3 * hs), (3 * ws, 3 * hs),
        ];
        var (x, y) = rng.Pick(offsets);
        return new ClipGeometry(x, y, cw, ch, c.Size, c.Size, false);
    }

    private static ClipGeometry RandomResized(int h, int w, AugmentConfig c, SeededRandom rng)
    {
        var area = (double)h * w;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * rng.Uniform(c.Area[0], c.Area[1]);
            var ratio = Math.Exp(rng.Uniform(Math.Log(c.Ratio[0]), Math.Log(c.Ratio[1])));
            var cw = (int)Math.Round(Math.Sqrt(target * ratio));
            var ch = (int)Math.Round(Math.Sqrt(target / ratio));
            if (cw >= 1 && ch >= 1 && cw <= w && ch <= h)
                return new ClipGeometry(rng.Int(0, w - cw + 1), rng.Int(0, h - ch + 1), cw, ch, c.Size, c.Size, false);
        }
        // Fallback (torchvision's): centre crop at the closest allowed aspect ratio.
        var r = (double)w / h;
        int fw = w, fh = h;
        if (r < c.Ratio[0]) fh = (int)Math.Round(w / c.Ratio[0]);
        else if (r > c.Ratio[1]) fw = (int)Math.Round(h * c.Ratio[1]);
        return new ClipGeometry((w - fw) / 2, (h - fh) / 2, fw, fh, c.Size, c.Size, false);
    }
}
