using Kit.Experiments;

namespace Kit.Tests.Experiments;

/// <summary>A three-row masking-ratio table whose paper figures order 90% > 70% > 50%.</summary>
public static class TinyTable
{
    public static AblationTable Create(string id = "tiny") => new(id, "masking ratio", "Test T1", "Which ratio is best?", Recipes.VideoMae,
    [
        Row("90%", 0.9, 70),
        Row("70%", 0.7, 68),
        Row("50%", 0.5, 65),
    ]);

    private static AblationRow Row(string label, double ratio, double paper) =>
        new(label, Recipes.VideoMae with { Mask = Recipes.VideoMae.Mask.With("ratio", ratio) }, [new PaperFigure("P", "Test T1", paper, paper + 20)]);

    /// <summary>Value of a row: 100 * ratio + slope * seed.</summary>
    public static FakeRowExecutor Executor(double sign = 1, double seedSlope = 0.1) =>
        new((r, seed) => 50 + sign * 100 * r.Mask.Double("ratio") + seedSlope * seed);
}
