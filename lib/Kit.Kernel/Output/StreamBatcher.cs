using System.Text;

namespace Kit.Kernel.Output;

/// <summary>
/// Collects stdout/stderr text and publishes it in batches (Notebook rate-limits iopub): a flush every
/// <see cref="Interval"/> and before any other output or reply, so text stays in order with displays and results.
/// </summary>
internal sealed class StreamBatcher : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Action<string, string> _publish;
    private readonly object _gate = new();
    private readonly List<(string Name, StringBuilder Text)> _pending = [];
    private readonly Timer _timer;

    /// <param name="publish">Sends one stream message: (name "stdout"/"stderr", text).</param>
    public StreamBatcher(Action<string, string> publish)
    {
        _publish = publish;
        _timer = new Timer(_ => Flush(), null, Interval, Interval);
    }

    public void Append(string name, string text)
    {
        if (text.Length == 0) return;
        lock (_gate)
        {
            if (_pending.Count > 0 && _pending[^1].Name == name) _pending[^1].Text.Append(text);
            else _pending.Add((name, new StringBuilder(text)));
        }
    }

    /// <summary>Publishes everything collected so far, in arrival order.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (var (name, text) in _pending) _publish(name, text.ToString());
            _pending.Clear();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }
}
