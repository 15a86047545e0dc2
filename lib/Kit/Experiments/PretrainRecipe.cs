namespace Kit.Experiments;

/// <summary>Pre-training length and loss.</summary>
/// <param name="Epochs">Epochs as in the paper; a smaller scale turns them into <see cref="Steps"/>. 0 = no
/// pre-training: the row trains from scratch (or probes a randomly initialised encoder).</param>
/// <param name="Loss">"mse", "l1" or "smooth_l1".</param>
/// <param name="BaseLearningRate">Learning rate per 256 clips (lr = base * batch / 256).</param>
/// <param name="Steps">Optimizer steps, set by <see cref="Scale.Resolve"/>; null = run <see cref="Epochs"/>.</param>
/// <param name="BatchSize">Clips per step, set by the scale; null = the paper's.</param>
public sealed record PretrainRecipe(
    int Epochs = 800,
    string Loss = "mse",
    double BaseLearningRate = 1.5e-4,
    int? Steps = null,
    int? BatchSize = null);
