using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Kit.Display;

/// <summary>
/// A progress bar for long loops. In a notebook it is one output updated in place (at most every
/// <see cref="MinInterval"/>, and always at the end); in a terminal it rewrites one line with a carriage return, and
/// when output is redirected (logs, CI) it prints a line at every tenth of the way instead.
/// <code>foreach (var batch in ProgressBar.Over(batches, "epoch 1")) { ... }</code>
/// </summary>
public sealed class ProgressBar : IMimeRenderable, IDisposable
{
    /// <summary>Minimum time between two notebook updates (Notebook rate-limits iopub).</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    private const int Width = 30;
    private readonly IDisplaySink _sink;
    private readonly TextWriter _terminal;
    private readonly bool _redirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _displayId = Guid.NewGuid().ToString("N");
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private int _lastTenth = -1;
    private bool _finished;

    /// <summary>Starts a bar for <paramref name="total"/> steps and shows it.</summary>
    public ProgressBar(long total, string label = "")
        : this(total, label, DisplayHost.Sink, Console.Error, Console.IsErrorRedirected) { }

    /// <summary>Starts a bar with an explicit sink and terminal (tests, custom hosts).</summary>
    public ProgressBar(long total, string label, IDisplaySink sink, TextWriter terminal, bool redirected)
    {
        Total = total > 0 ? total : throw new ArgumentOutOfRangeException(nameof(total), "Total must be positive.");
        Label = label;
        (_sink, _terminal, _redirected) = (sink, terminal, redirected);
        if (_sink.SupportsUpdate) _sink.Show(ToMimeBundle(), _displayId);
        Draw(force: true);
    }

    /// <summary>Number of steps in all.</summary>
    public long Total { get; }

    /// <summary>Steps done so far.</summary>
    public long Current { get; private set; }

    /// <summary>Text before the bar.</summary>
    public string Label { get; }

    /// <summary>Free text after the bar (e.g. "loss 0.412").</summary>
    public string Status { get; private set; } = "";

    /// <summary>Wraps a sequence so that each item taken advances the bar; the bar completes when the loop ends.</summary>
    public static IEnumerable<T> Over<T>(IEnumerable<T> items, string label = "", long? total = null)
    {
        var count = total ?? (items.TryGetNonEnumeratedCount(out var n) ? n : throw new ArgumentException(
            "The sequence has no known count: pass total.", nameof(total)));
        using var bar = new ProgressBar(count, label);
        foreach (var item in items)
        {
            yield return item;
            bar.Tick();
        }
    }

    /// <summary>Advances by <paramref name="steps"/> and optionally sets the status text.</summary>
    public void Tick(long steps = 1, string? status = null) => Report(Current + steps, status);

    /// <summary>Sets the number of steps done.</summary>
    public void Report(long current, string? status = null)
    {
        Current = Math.Clamp(current, 0, Total);
        if (status is not null) Status = status;
        Draw(force: Current == Total);
    }

    /// <summary>Draws the final state once (also called by <see cref="Dispose"/>).</summary>
    public void Complete()
    {
        if (_finished) return;
        _finished = true;
        Draw(force: true);
        if (!_sink.SupportsUpdate && !_redirected) _terminal.WriteLine();
    }

    /// <inheritdoc />
    public void Dispose() => Complete();

    /// <summary>The bar as one line: label, bar, count, percentage, elapsed time and status.</summary>
    public override string ToString()
    {
        var filled = (int)(Width * Current / Total);
        var bar = new string('#', filled) + new string('.', Width - filled);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Label}{(Label.Length > 0 ? " " : "")}[{bar}] {Current}/{Total} {Fraction:P0} {_clock.Elapsed:mm\\:ss}");
        return Status.Length > 0 ? text + " " + Status : text;
    }

    /// <inheritdoc />
    public MimeBundle ToMimeBundle()
    {
        var html = string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"kit-progress\"><span>{WebUtility.HtmlEncode(Label)}</span> <progress value=\"{Current}\" max=\"{Total}\" style=\"width:300px\"></progress> <span>{Current}/{Total} {Fraction:P0} {_clock.Elapsed:mm\\:ss} {WebUtility.HtmlEncode(Status)}</span></div>");
        return new MimeBundle(ToString()).With(MimeBundle.Html, html);
    }

    private double Fraction => (double)Current / Total;

    private void Draw(bool force)
    {
        if (_sink.SupportsUpdate)
        {
            if (!force && _clock.Elapsed - _lastDraw < MinInterval) return;
            _lastDraw = _clock.Elapsed;
            _sink.Update(ToMimeBundle(), _displayId);
        }
        else if (_redirected)
        {
            var tenth = (int)(10 * Current / Total);
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            _terminal.WriteLine(ToString());
        }
        else
        {
            if (!force && _clock.Elapsed - _lastDraw < MinInterval) return;
            _lastDraw = _clock.Elapsed;
            _terminal.Write("\r" + ToString());
        }
    }
}
