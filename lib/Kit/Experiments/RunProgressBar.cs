using Kit.Display;

namespace Kit.Experiments;

/// <summary>
/// Shows a table run as a <see cref="ProgressBar"/> (one bar over all rows x seeds, updated in place in a notebook,
/// one line in a terminal), with the current row, phase and loss as its status. Created on the first event.
/// <code>await Runner.RunAsync(table, Scale.Default, progress: new RunProgressBar());</code>
/// </summary>
public sealed class RunProgressBar : IProgress<RunProgress>, IDisposable
{
    private readonly Func<long, string, ProgressBar> _create;
    private ProgressBar? _bar;

    /// <summary>A bar on the current display host (notebook or console).</summary>
    public RunProgressBar() : this((total, label) => new ProgressBar(total, label)) { }

    /// <summary>A bar made by <paramref name="create"/> (total, label): tests and custom hosts.</summary>
    public RunProgressBar(Func<long, string, ProgressBar> create) => _create = create;

    /// <summary>The bar, once the first event arrived.</summary>
    public ProgressBar? Bar => _bar;

    /// <inheritdoc />
    public void Report(RunProgress value)
    {
        _bar ??= _create(value.Total, value.Table);
        _bar.Report(value.Done, value.Describe());
        if (value.Done == value.Total) _bar.Complete();
    }

    /// <inheritdoc />
    public void Dispose() => _bar?.Dispose();
}
