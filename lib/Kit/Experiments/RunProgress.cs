namespace Kit.Experiments;

/// <summary>What happened in a table run.</summary>
public enum RunEvent
{
    /// <summary>A (row, seed) started training.</summary>
    Started,

    /// <summary>A step inside the running row (see <see cref="RunProgress.Step"/>).</summary>
    Step,

    /// <summary>A (row, seed) finished and was stored.</summary>
    Finished,

    /// <summary>A (row, seed) was found in the results store and not run again.</summary>
    Reused,

    /// <summary>A stored result file could not be read; it was moved aside and the row runs again.</summary>
    Corrupt,
}

/// <summary>A progress event of <see cref="Runner.RunAsync"/>, usable by a notebook progress bar or a terminal.</summary>
/// <param name="Event">What happened.</param>
/// <param name="Table">Ablation id.</param>
/// <param name="Row">Row label.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Done">(row, seed) pairs finished or reused so far.</param>
/// <param name="Total">(row, seed) pairs in the run.</param>
/// <param name="Value">The measured value, for Finished and Reused.</param>
/// <param name="Step">The executor's progress, for Step.</param>
/// <param name="Message">The problem, for Corrupt.</param>
public sealed record RunProgress(
    RunEvent Event, string Table, string Row, int Seed, int Done, int Total,
    double? Value = null, RowProgress? Step = null, string? Message = null)
{
    /// <summary>One line for terminals and logs: "[3/14] HOG seed 0: 61.2".</summary>
    public override string ToString() => $"[{Done}/{Total}] {Describe()}";

    /// <summary>The event without the counter, e.g. "HOG seed 0: pretrain 40/100 loss 0.4120".</summary>
    public string Describe() => Event switch
    {
        RunEvent.Step when Step is not null =>
            $"{Row} seed {Seed}: {Step.Phase} {Step.Step}/{Step.Steps}{(Step.Loss is { } l ? $" loss {l:F4}" : "")}",
        RunEvent.Corrupt => $"{Row} seed {Seed}: stored result unreadable ({Message}); running again",
        RunEvent.Finished or RunEvent.Reused => $"{Row} seed {Seed}: {Value:G4}{(Event == RunEvent.Reused ? " (stored)" : "")}",
        _ => $"{Row} seed {Seed}: {Event.ToString().ToLowerInvariant()}",
    };
}
