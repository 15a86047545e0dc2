namespace Kit.Display;

/// <summary>
/// A displayed output that can be replaced in place: <c>var h = display("step 1"); h.Update("step 2");</c> sends an
/// update_display_data for the same display id. In a terminal the update is printed as a new line.
/// </summary>
public sealed class DisplayHandle
{
    private readonly IDisplaySink _sink;
    private readonly string[] _mimeTypes;

    internal DisplayHandle(IDisplaySink sink, string displayId, string[] mimeTypes)
    {
        _sink = sink;
        DisplayId = displayId;
        _mimeTypes = mimeTypes;
    }

    /// <summary>The Jupyter display_id shared by the first output and its updates.</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the output with <paramref name="value"/>, formatted for the same MIME types.</summary>
    public void Update(object? value) => _sink.Update(MimeFormatter.Format(value, _mimeTypes), DisplayId);

    /// <inheritdoc />
    public override string ToString() => $"DisplayHandle({DisplayId})";
}
