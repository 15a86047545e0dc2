using Kit.Data;

namespace Kit.Masking;

/// <summary>Exact token counts for a masking ratio, with the checks every strategy shares.</summary>
public static class MaskRatio
{
    /// <summary>Fails unless 0 &lt; ratio &lt; 1.</summary>
    public static double Check(double ratio, string strategy)
    {
        if (!(ratio > 0 && ratio < 1)) throw new ArgumentOutOfRangeException(nameof(ratio), $"{strategy} masking ratio must be in (0, 1) exclusive, got {ratio}");
        return ratio;
    }

    /// <summary>Visible count when round(ratio * n) of n units are hidden; fails when that leaves none visible or none hidden.</summary>
    public static int Visible(int n, double ratio, string strategy, string unit)
    {
        var hidden = (int)Math.Round(ratio * n, MidpointRounding.AwayFromZero);
        if (hidden <= 0 || hidden >= n)
            throw new ArgumentException($"{strategy} masking ratio {ratio} hides {hidden} of {n} {unit}: it must hide at least one and leave at least one visible");
        return n - hidden;
    }

    public static void CheckGrid(ClipBatch batch, TokenGrid grid)
    {
        var c = batch.Clip;
        if (c.ndim != 5 || c.size(2) != grid.Frames || c.size(3) != grid.Height || c.size(4) != grid.Width)
            throw new ArgumentException($"clip of shape [{string.Join(", ", c.shape)}] does not match the token grid {grid}");
    }
}
