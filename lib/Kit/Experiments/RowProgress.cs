namespace Kit.Experiments;

/// <summary>An executor's progress inside one row.</summary>
/// <param name="Phase">"pretrain", "finetune", "probe" or "evaluate".</param>
/// <param name="Step">Steps done in this phase.</param>
/// <param name="Steps">Steps in this phase.</param>
/// <param name="Loss">Latest training loss, when there is one.</param>
public sealed record RowProgress(string Phase, int Step, int Steps, double? Loss = null);
