using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>Applies <see cref="MixupConfig"/> to a batch and builds the matching soft, label-smoothed targets.</summary>
public static class Mixup
{
    /// <summary>Smoothed one-hot targets: 1 - s + s/C on the label, s/C elsewhere. labels: (B) int64 -> (B, C).</summary>
    public static Tensor SmoothOneHot(Tensor labels, int classes, double smoothing)
    {
        using var scope = NewDisposeScope();
        var off = smoothing / classes;
        var hot = nn.functional.one_hot(labels, classes).to(float32);
        return scope.MoveToOuter(hot * (1 - smoothing) + off);
    }

    /// <summary>Mixes the batch with its reverse.</summary>
    /// <param name="clip">(B, C, T, H, W).</param>
    /// <param name="labels">(B) int64.</param>
    /// <returns>mixed clip (B, C, T, H, W), soft targets (B, classes) whose rows sum to 1, and the lambda used.</returns>
    public static (Tensor Clip, Tensor Targets, double Lambda) Apply(Tensor clip, Tensor labels, int classes, double smoothing, MixupConfig c)
    {
        using var scope = NewDisposeScope();
        var lam = 1.0;
        var mixed = clip.alias();
        if (c.Enabled && TorchRandom.Uniform() < c.Prob)
        {
            var useCutmix = c.Cutmix > 0 && (c.Mixup <= 0 || TorchRandom.Uniform() < c.SwitchProb);
            var flipped = clip.flip(0);
            if (useCutmix)
            {
                lam = TorchRandom.Beta(c.Cutmix, c.Cutmix);
                var (h, w) = (clip.size(3), clip.size(4));
                var (y0, y1, x0, x1) = Box(h, w, lam);
                var rows = arange(0, h, 1, float32, clip.device).reshape(1, 1, 1, h, 1);
                var cols = arange(0, w, 1, float32, clip.device).reshape(1, 1, 1, 1, w);
                var inBox = (rows >= y0) & (rows < y1) & (cols >= x0) & (cols < x1);         // (1, 1, 1, H, W): same box in every frame
                mixed = where(inBox.expand(clip.shape), flipped, clip);
                lam = 1 - (double)(y1 - y0) * (x1 - x0) / (h * w);                             // the area actually kept
            }
            else
            {
                lam = TorchRandom.Beta(c.Mixup, c.Mixup);
                mixed = clip * lam + flipped * (1 - lam);
            }
        }
        var a = SmoothOneHot(labels, classes, smoothing);
        var targets = a * lam + a.flip(0) * (1 - lam);
        return (scope.MoveToOuter(mixed), scope.MoveToOuter(targets), lam);
    }

    /// <summary>A box of area about (1 - lam) H W centred at a uniform random point, clipped to the frame.</summary>
    private static (long y0, long y1, long x0, long x1) Box(long h, long w, double lam)
    {
        var cut = Math.Sqrt(1 - lam);
        var (ch, cw) = ((long)(h * cut), (long)(w * cut));
        var cy = (long)(TorchRandom.Uniform() * h);
        var cx = (long)(TorchRandom.Uniform() * w);
        return (Math.Clamp(cy - ch / 2, 0, h), Math.Clamp(cy + ch / 2, 0, h), Math.Clamp(cx - cw / 2, 0, w), Math.Clamp(cx + cw / 2, 0, w));
    }
}
