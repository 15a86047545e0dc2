namespace Kit.Training;

/// <summary>Multi-view test accuracy.</summary>
/// <param name="Confusion">[true class][predicted class] counts.</param>
public sealed record EvalResult(double Top1, double Top5, int Videos, int Views, long[][] Confusion);
