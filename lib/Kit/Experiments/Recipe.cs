namespace Kit.Experiments;

/// <summary>
/// Everything one ablation row trains and measures: data, model, target, mask, pre-training, fine-tuning and the
/// evaluation kind. Rows are a table's base recipe changed with <c>with</c>; a <see cref="Scale"/> resolves the sizes.
/// The resolved recipe is stored with every result and its canonical JSON hash keys the results store.
/// </summary>
public sealed record Recipe
{
    /// <summary>Which clips, how many frames, at what size and stride.</summary>
    public DataRecipe Data { get; init; } = new();

    /// <summary>Encoder preset and decoder design.</summary>
    public ModelRecipe Model { get; init; } = new();

    /// <summary>Reconstruction target by registry name ("pixel", "hog", "trajectory", ...) and parameters.</summary>
    public ComponentRef Target { get; init; } = ComponentRef.Of("pixel");

    /// <summary>Masking strategy by registry name ("tube", "motion_guided", ...) and parameters (always "ratio").</summary>
    public ComponentRef Mask { get; init; } = ComponentRef.Of("tube", ("ratio", 0.9));

    /// <summary>Pre-training length and loss.</summary>
    public PretrainRecipe Pretrain { get; init; } = new();

    /// <summary>Fine-tuning (or linear-probe) length.</summary>
    public FinetuneRecipe Finetune { get; init; } = new();

    /// <summary>What is measured for the row.</summary>
    public EvaluationRecipe Evaluation { get; init; } = new();
}
