using Kit.Torch;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Training;

/// <summary>
/// Dynamic loss scaling for float16 training (torch.cuda.amp.GradScaler's rule): the loss is multiplied by
/// <see cref="Scale"/> before backward so small float16 gradients do not flush to zero; before the optimiser step the
/// gradients are divided by it again and checked: when any holds an inf or NaN the step is skipped and the scale
/// halved, and after <see cref="GrowthInterval"/> clean steps in a row the scale doubles.
/// </summary>
public sealed class GradScaler(double initScale = 65536.0, double growthFactor = 2.0, double backoffFactor = 0.5, int growthInterval = 2000)
{
    public double Scale { get; private set; } = initScale > 0 ? initScale : throw new ArgumentOutOfRangeException(nameof(initScale), "the initial scale must be positive");
    public double GrowthFactor { get; } = growthFactor > 1 ? growthFactor : throw new ArgumentOutOfRangeException(nameof(growthFactor), "growthFactor must exceed 1");
    public double BackoffFactor { get; } = backoffFactor is > 0 and < 1 ? backoffFactor : throw new ArgumentOutOfRangeException(nameof(backoffFactor), "backoffFactor must be in (0, 1)");
    public int GrowthInterval { get; } = growthInterval >= 1 ? growthInterval : throw new ArgumentOutOfRangeException(nameof(growthInterval), "growthInterval must be at least 1");

    /// <summary>Clean steps since the scale last changed.</summary>
    public int GrowthTracker { get; private set; }

    /// <summary>Steps skipped because a gradient was not finite.</summary>
    public int SkippedSteps { get; private set; }

    /// <summary>The loss times the current scale (what backward runs on).</summary>
    /// <param name="loss">0-d float32 loss</param>
    public Tensor scale(Tensor loss) => loss * Scale;

    /// <summary>Divides the gradients by the scale in place; true when any of them holds an inf or NaN.</summary>
    public bool unscale_(IEnumerable<Parameter> parameters)
    {
        using var scope = torch.NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().Select(g => g.Handle).ToArray();
        var found = kit_amp_unscale_(grads, grads.Length, 1.0 / Scale);
        if (found < 0) throw TorchException.FromNative("GradScaler.unscale_");
        return found == 1;
    }

    /// <summary>Updates the scale after a step: backoff when <paramref name="foundInf"/>, growth after enough clean steps.</summary>
    public void update(bool foundInf)
    {
        if (foundInf)
        {
            Scale *= BackoffFactor;
            GrowthTracker = 0;
            SkippedSteps++;
            return;
        }
        if (++GrowthTracker < GrowthInterval) return;
        Scale *= GrowthFactor;
        GrowthTracker = 0;
    }
}
