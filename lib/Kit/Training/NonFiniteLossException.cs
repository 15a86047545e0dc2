namespace Kit.Training;

/// <summary>Training stopped because a loss was NaN or infinite; the last good checkpoint is left in place.</summary>
public sealed class NonFiniteLossException(string phase, int step, double loss, string? checkpoint)
    : InvalidOperationException($"{phase}: the loss became {loss} at step {step + 1}; training stopped before applying that update. " +
                                (checkpoint is null ? "No checkpoint had been written yet." : $"The last good checkpoint is '{checkpoint}'.") +
                                " Lower the learning rate, enable optim.clipGrad, or check the target for NaNs.")
{
    public int Step { get; } = step;
    public double Loss { get; } = loss;
}
