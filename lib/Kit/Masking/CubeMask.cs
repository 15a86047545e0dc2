using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Settings of cube (block-wise) masking.</summary>
/// <param name="Ratio">fraction of tokens hidden: exactly round(Ratio * N) per clip.</param>
/// <param name="MinBlockArea">smallest spatial area of a block, in tokens (BEiT / MaskFeat: 16).</param>
/// <param name="MaxAspect">largest aspect ratio of a block (and its inverse the smallest).</param>
/// <param name="MaxSlots">longest temporal extent of a block in slots; null = half the clip's slots.</param>
public sealed record CubeMaskConfig(double Ratio = 0.4, int MinBlockArea = 16, double MaxAspect = 1 / 0.3, int? MaxSlots = null);

/// <summary>
/// MaskFeat-style cube masking: random spatio-temporal blocks (random area, aspect ratio, temporal extent and place)
/// are added until the count reaches round(Ratio * N); the overshoot of the last block is unmasked at random, so the
/// count is exact. The block layout is drawn on the host (a token grid is tiny), seeded from libtorch's generator.
/// </summary>
public sealed class CubeMask : IMaskGenerator
{
    public CubeMask(CubeMaskConfig config)
    {
        Ratio = MaskRatio.Check(config.Ratio, "cube");
        if (config.MinBlockArea < 1) throw new ArgumentOutOfRangeException(nameof(config), $"cube MinBlockArea must be at least 1, got {config.MinBlockArea}");
        if (config.MaxAspect < 1) throw new ArgumentOutOfRangeException(nameof(config), $"cube MaxAspect must be at least 1, got {config.MaxAspect}");
        if (config.MaxSlots is < 1) throw new ArgumentOutOfRangeException(nameof(config), $"cube MaxSlots must be at least 1, got {config.MaxSlots}");
        Config = config;
    }

    public CubeMaskConfig Config { get; }
    public string Name => "cube";
    public double Ratio { get; }
    public TargetNeeds Needs => TargetNeeds.None;

    public MaskResult Generate(ClipBatch batch, TokenGrid grid)
    {
        MaskRatio.CheckGrid(batch, grid);
        var visible = MaskRatio.Visible(grid.Tokens, Ratio, Name, "tokens");
        var hidden = grid.Tokens - visible;
        var b = (int)batch.BatchSize;
        using var seedTensor = randint(0, int.MaxValue, [b]);
        var seeds = seedTensor.ToArray<long>();
        var keep = new float[b * grid.Tokens];
        for (var i = 0; i < b; i++)
        {
            var m = Blocks(grid, hidden, new Random((int)seeds[i]));
            for (var n = 0; n < grid.Tokens; n++) keep[i * grid.Tokens + n] = m[n] ? 0 : 1;
        }
        using var scope = NewDisposeScope();
        var scores = tensor(keep, [b, grid.Tokens], batch.Clip.device);
        var r = MaskBuilder.TopK(scores, visible);
        return new MaskResult(scope.MoveToOuter(r.Mask), scope.MoveToOuter(r.Visible));
    }

    /// <summary>Exactly <paramref name="hidden"/> tokens hidden, in blocks.</summary>
    private bool[] Blocks(TokenGrid g, int hidden, Random rng)
    {
        var mask = new bool[g.Tokens];
        var count = 0;
        var maxSlots = Math.Min(g.Slots, Config.MaxSlots ?? Math.Max(1, g.Slots / 2));
        var maxArea = Math.Max(Config.MinBlockArea, g.TokensPerSlot / 2);
        var minArea = Math.Min(Config.MinBlockArea, g.TokensPerSlot);
        while (count < hidden)
        {
            var area = minArea + rng.NextDouble() * (Math.Max(minArea, maxArea) - minArea);
            var logAspect = (rng.NextDouble() * 2 - 1) * Math.Log(Config.MaxAspect);
            var h = Math.Clamp((int)Math.Round(Math.Sqrt(area * Math.Exp(logAspect))), 1, g.Rows);
            var w = Math.Clamp((int)Math.Round(Math.Sqrt(area / Math.Exp(logAspect))), 1, g.Cols);
            var t = rng.Next(1, maxSlots + 1);
            var t0 = rng.Next(0, g.Slots - t + 1);
            var y0 = rng.Next(0, g.Rows - h + 1);
            var x0 = rng.Next(0, g.Cols - w + 1);
            var added = new List<int>();
            for (var s = t0; s < t0 + t; s++)
                for (var y = y0; y < y0 + h; y++)
                    for (var x = x0; x < x0 + w; x++)
                    {
                        var n = (s * g.Rows + y) * g.Cols + x;
                        if (!mask[n]) { mask[n] = true; added.Add(n); }
                    }
            count += added.Count;
            // overshoot: give back random tokens of this block so the count is exact
            while (count > hidden)
            {
                var k = rng.Next(added.Count);
                mask[added[k]] = false;
                added.RemoveAt(k);
                count--;
            }
        }
        return mask;
    }
}
