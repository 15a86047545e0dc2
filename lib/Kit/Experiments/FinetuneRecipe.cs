namespace Kit.Experiments;

/// <summary>Fine-tuning (or linear-probe training) length.</summary>
/// <param name="Epochs">Epochs as in the paper.</param>
/// <param name="BaseLearningRate">Learning rate per 256 clips.</param>
/// <param name="Steps">Optimizer steps, set by the scale; null = run <see cref="Epochs"/>.</param>
/// <param name="BatchSize">Clips per step, set by the scale.</param>
/// <param name="Data">What fine-tuning trains on: "labelled" (the dataset's labelled training set; on the synthetic
/// protocol its small fixed set) or "stream" (the synthetic protocol's unlimited stream: supervised training without
/// a fixed set to memorise).</param>
public sealed record FinetuneRecipe(
    int Epochs = 40,
    double BaseLearningRate = 1e-3,
    int? Steps = null,
    int? BatchSize = null,
    string Data = "labelled")
{
    /// <summary>The value of <see cref="Data"/> that trains on the unlimited synthetic stream.</summary>
    public const string Stream = "stream";
}
