using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data;

/// <summary>Mean/std normalisation of clips (the last step before the model; the batch keeps 0..1 values so targets
/// such as HOG and pixels can read them).</summary>
public static class ClipNormalize
{
    /// <summary>ImageNet channel means (RGB), as VideoMAE uses.</summary>
    public static readonly double[] ImageNetMean = [0.485, 0.456, 0.406];

    /// <summary>ImageNet channel standard deviations (RGB).</summary>
    public static readonly double[] ImageNetStd = [0.229, 0.224, 0.225];

    /// <param name="clip">(B, C, T, H, W) float in [0, 1].</param>
    /// <returns>(B, C, T, H, W) (clip - mean) / std per channel.</returns>
    public static Tensor Apply(Tensor clip, double[]? mean = null, double[]? std = null)
    {
        var m = mean ?? ImageNetMean;
        var s = std ?? ImageNetStd;
        var c = clip.size(1);
        if (m.Length != c || s.Length != c) throw new ArgumentException($"normalise: clip has {c} channels but mean/std have {m.Length}/{s.Length}");
        using var scope = NewDisposeScope();
        var mt = tensor(m.Select(x => (float)x).ToArray(), [1, c, 1, 1, 1], clip.device);
        var st = tensor(s.Select(x => (float)x).ToArray(), [1, c, 1, 1, 1], clip.device);
        return scope.MoveToOuter((clip - mt) / st);
    }
}
