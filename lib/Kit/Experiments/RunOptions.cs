namespace Kit.Experiments;

/// <summary>Options of <see cref="Runner.RunAsync"/>.</summary>
/// <param name="Seeds">Seeds per row (0 .. Seeds-1); null = the scale's default.</param>
/// <param name="StoreDir">Root of the results store (results land in STORE/results/TABLE/); null = runs/TABLE-SCALE
/// under the current directory.</param>
/// <param name="Executor">Trains the rows; null = <see cref="RowExecutors.Default"/>.</param>
public sealed record RunOptions(int? Seeds = null, string? StoreDir = null, IRowExecutor? Executor = null);
