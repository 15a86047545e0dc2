using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>How camera motion is taken out of a flow field before it is used as a motion target.</summary>
public enum CameraCompensation
{
    /// <summary>Use the flow as it comes (already compensated offline, or the appendix's "without compensation" ablation).</summary>
    None,

    /// <summary>Subtract each frame's median flow (a panning camera).</summary>
    Translation,

    /// <summary>Subtract each frame's least-squares affine flow model (pan, zoom, rotation, shear).</summary>
    Affine,
}

/// <summary>Removes the dominant (camera) motion from flow fields with tensor ops.</summary>
public static class CameraMotion
{
    /// <param name="flow">(N, 2, H, W)</param>
    /// <returns>(N, 2, H, W): the flow relative to the fitted camera motion</returns>
    public static Tensor Remove(Tensor flow, CameraCompensation mode)
    {
        using var scope = NewDisposeScope();
        var s = flow.shape;
        var flat = flow.reshape(s[0], 2, s[2] * s[3]);
        Tensor result = mode switch
        {
            CameraCompensation.None => flow.alias(),
            CameraCompensation.Translation => (flat - flat.median(2, keepdim: true).values).reshape(s),
            CameraCompensation.Affine => (flat - AffineFit(flat, s[2], s[3])).reshape(s),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown camera compensation"),
        };
        return scope.MoveToOuter(result);
    }

    /// <summary>Least-squares fit of u = a x + b y + c (each component) over all pixels.</summary>
    /// <param name="flat">(N, 2, H*W)</param>
    private static Tensor AffineFit(Tensor flat, long h, long w)
    {
        // the design matrix depends only on the frame size, so its 3x3 normal matrix is inverted once on the host
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, n = h * w;
        for (long y = 0; y < h; y++)
        {
            sy += y * w;
            syy += (double)y * y * w;
        }
        for (long x = 0; x < w; x++)
        {
            sx += x * h;
            sxx += (double)x * x * h;
        }
        for (long y = 0; y < h; y++) sxy += y * (w * (w - 1) / 2.0);
        var inv = Invert3([sxx, sxy, sx, sxy, syy, sy, sx, sy, n]);
        var grid = FlowOps.PixelGrid(h, w, flat.device).reshape(h * w, 2);
        var design = cat([grid, ones([h * w, 1], float32, flat.device)], 1);
        var coef = flat.matmul(design).matmul(tensor(inv.Select(v => (float)v).ToArray(), [3, 3], flat.device));
        return coef.matmul(design.t());
    }

    private static double[] Invert3(double[] m)
    {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        var det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.Abs(det) < 1e-12) throw new ArgumentException("affine camera fit needs a frame of at least 2 x 2 pixels");
        return [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det];
    }
}
