namespace Kit.Kernel.Execution;

/// <summary>What running one cell produced.</summary>
internal abstract record ExecutionOutcome
{
    /// <summary>Ran to the end; <see cref="HasValue"/> when a trailing expression produced a value to show.</summary>
    public sealed record Success(bool HasValue, object? Value) : ExecutionOutcome;

    /// <summary>Did not compile, threw, was interrupted, or a directive failed.</summary>
    public sealed record Failure(string Name, string Value, IReadOnlyList<string> Traceback) : ExecutionOutcome;
}
