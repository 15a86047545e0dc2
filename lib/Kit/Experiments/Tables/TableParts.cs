namespace Kit.Experiments.Tables;

/// <summary>Short constructors that keep the table definitions readable.</summary>
internal static class TableParts
{
    public static AblationRow Row(string label, Recipe recipe, params PaperFigure[] paper) => new(label, recipe, paper);

    public static PaperFigure Fig(string version, string source, double top1, double? top5 = null, string? note = null) =>
        new(version, source, top1, top5, Note: note);

    public static PaperFigure Delta(string version, string source, double delta) => new(version, source, Delta: delta);

    public static PaperClaim Greater(string a, string b, string source) => new(ClaimKind.Greater, a, b, source);

    public static PaperClaim Close(string a, string b, string source) => new(ClaimKind.Close, a, b, source);

    public static PaperClaim Highest(string a, string source) => new(ClaimKind.Highest, a, null, source);

    /// <summary>The base recipe with a different target.</summary>
    public static Recipe WithTarget(this Recipe r, ComponentRef target) => r with { Target = target };

    /// <summary>The base recipe with one target parameter changed.</summary>
    public static Recipe WithTargetParam(this Recipe r, string key, object value) => r with { Target = r.Target.With(key, value) };

    /// <summary>The base recipe with one mask parameter changed.</summary>
    public static Recipe WithMaskParam(this Recipe r, string key, object value) => r with { Mask = r.Mask.With(key, value) };

    /// <summary>The base recipe measured differently.</summary>
    public static Recipe Measuring(this Recipe r, MeasurementKind kind) => r with { Evaluation = new EvaluationRecipe(kind) };
}
