namespace Kit.Training;

/// <summary>
/// Per-iteration learning rate: linear warmup from 0 to <see cref="Peak"/> over <see cref="WarmupSteps"/> steps, then a
/// half cosine from Peak down to <see cref="Min"/> at the last step (VideoMAE's cosine_scheduler with iteration warmup).
/// </summary>
public sealed record LrSchedule(double Peak, double Min, int WarmupSteps, int TotalSteps)
{
    public static LrSchedule From(OptimizerConfig c, int batchSize, int totalSteps) =>
        new(c.PeakLr(batchSize), c.MinLr, (int)Math.Round(c.WarmupFraction * totalSteps), totalSteps);

    /// <summary>Rate for optimiser step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), $"step must be >= 0, got {step}");
        if (step < WarmupSteps) return Peak * step / WarmupSteps;
        var decay = TotalSteps - WarmupSteps;
        if (decay <= 1) return Peak;
        var progress = Math.Min(1.0, (step - WarmupSteps) / (double)(decay - 1));
        return Min + (Peak - Min) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
