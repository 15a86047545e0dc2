namespace Kit.Experiments;

/// <summary>What a row measures.</summary>
public enum MeasurementKind
{
    /// <summary>Pre-train, fine-tune end to end, top-1 (and top-5) accuracy in percent.</summary>
    FinetuneTop1,

    /// <summary>Pre-train, freeze the encoder, train a linear classifier, top-1 accuracy in percent.</summary>
    LinearProbeTop1,

    /// <summary>Pre-train only; the final pre-training (reconstruction) loss.</summary>
    PretrainLoss,

    /// <summary>Pre-train, freeze the encoder, classify its pooled features by their k nearest labelled neighbours.</summary>
    KnnTop1,
}

/// <summary>The measurement a row reports.</summary>
/// <param name="Kind">Fine-tune accuracy, linear-probe accuracy, or final pre-training loss.</param>
public sealed record EvaluationRecipe(MeasurementKind Kind = MeasurementKind.FinetuneTop1)
{
    /// <summary>Human wording of the measured value for a recipe, e.g. "final pre-training loss on shuffled frames".</summary>
    public static string Describe(Recipe recipe)
    {
        var what = recipe.Evaluation.Kind switch
        {
            MeasurementKind.FinetuneTop1 => "fine-tuned top-1 %",
            MeasurementKind.LinearProbeTop1 => "linear-probe top-1 %",
            MeasurementKind.PretrainLoss => "final pre-training loss",
            MeasurementKind.KnnTop1 => "k-NN top-1 %",
            _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Evaluation.Kind, "unknown measurement kind"),
        };
        return recipe.Data.Order switch
        {
            TemporalOrder.Shuffled => what + " (pre-trained on shuffled frames)",
            TemporalOrder.RepeatedFrame => what + " (pre-trained on one repeated frame)",
            _ => what,
        };
    }

    /// <summary>Short axis label for a kind.</summary>
    public static string AxisLabel(MeasurementKind kind) => kind switch
    {
        MeasurementKind.FinetuneTop1 => "top-1 %",
        MeasurementKind.LinearProbeTop1 => "linear-probe top-1 %",
        MeasurementKind.PretrainLoss => "final pre-training loss",
        MeasurementKind.KnnTop1 => "k-NN top-1 %",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown measurement kind"),
    };
}
