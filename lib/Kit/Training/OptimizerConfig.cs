namespace Kit.Training;

/// <summary>
/// AdamW, its per-iteration schedule and the step mechanics. The peak rate is BaseLr x effective batch / 256 (the
/// effective batch counts accumulated micro-batches), reached by linear warmup from 0 and followed by a cosine to MinLr.
/// </summary>
/// <param name="WarmupFraction">share of the optimiser steps spent warming up.</param>
/// <param name="ClipGrad">max global gradient norm, or null for no clipping.</param>
/// <param name="Accumulation">micro-batches whose gradients are summed (averaged) per optimiser step.</param>
/// <param name="LayerDecay">layer-wise lr decay (fine-tuning); 1 = none.</param>
public sealed record OptimizerConfig(
    double BaseLr = 1.5e-4,
    double MinLr = 1e-6,
    double WarmupFraction = 0.1,
    double Beta1 = 0.9,
    double Beta2 = 0.95,
    double Eps = 1e-8,
    double WeightDecay = 0.05,
    double? ClipGrad = null,
    int Accumulation = 1,
    double LayerDecay = 1.0)
{
    public double PeakLr(int batchSize) => BaseLr * batchSize * Accumulation / 256.0;

    public void Validate()
    {
        if (!(BaseLr > 0)) throw new ArgumentException($"optim.baseLr must be positive, got {BaseLr}");
        if (!(MinLr >= 0)) throw new ArgumentException($"optim.minLr must be >= 0, got {MinLr}");
        if (WarmupFraction is < 0 or > 1) throw new ArgumentException($"optim.warmupFraction must be in [0, 1], got {WarmupFraction}");
        if (Beta1 is < 0 or >= 1 || Beta2 is < 0 or >= 1) throw new ArgumentException($"optim.beta1/beta2 must be in [0, 1), got ({Beta1}, {Beta2})");
        if (WeightDecay < 0) throw new ArgumentException($"optim.weightDecay must be >= 0, got {WeightDecay}");
        if (ClipGrad is <= 0) throw new ArgumentException($"optim.clipGrad must be positive or null, got {ClipGrad}");
        if (Accumulation < 1) throw new ArgumentException($"optim.accumulation must be at least 1, got {Accumulation}");
        if (LayerDecay is <= 0 or > 1) throw new ArgumentException($"optim.layerDecay must be in (0, 1], got {LayerDecay}");
    }
}
