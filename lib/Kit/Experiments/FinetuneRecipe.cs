namespace Kit.Experiments;

/// <summary>Fine-tuning (or linear-probe training) length.</summary>
/// <param name="Epochs">Epochs as in the paper.</param>
/// <param name="BaseLearningRate">Learning rate per 256 clips.</param>
/// <param name="Steps">Optimizer steps, set by the scale; null = run <see cref="Epochs"/>.</param>
/// <param name="BatchSize">Clips per step, set by the scale.</param>
public sealed record FinetuneRecipe(
    int Epochs = 40,
    double BaseLearningRate = 1e-3,
    int? Steps = null,
    int? BatchSize = null);
