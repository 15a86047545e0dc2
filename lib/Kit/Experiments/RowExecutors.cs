namespace Kit.Experiments;

/// <summary>
/// Where the CLI and notebooks find the executor that trains rows. The kit registers its trainer-backed executor at
/// start-up; until one is registered, asking for it fails with a message that says so (there is no fallback that
/// would produce numbers without training).
/// </summary>
public static class RowExecutors
{
    private static IRowExecutor? _default;

    /// <summary>The registered executor, or null.</summary>
    public static IRowExecutor? Registered => Volatile.Read(ref _default);

    /// <summary>The registered executor; throws when none is registered.</summary>
    public static IRowExecutor Default => Registered ?? throw new InvalidOperationException(
        "No row executor is registered: the experiment runner needs the trainer to run rows. "
        + "Register one with RowExecutors.Register(executor) (the kit does this once the trainer is wired in).");

    /// <summary>Makes <paramref name="executor"/> the default; returns the previous one (null when none).</summary>
    public static IRowExecutor? Register(IRowExecutor? executor) => Interlocked.Exchange(ref _default, executor);
}
