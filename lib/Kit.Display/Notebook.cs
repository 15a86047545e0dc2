namespace Kit.Display;

/// <summary>
/// The notebook helpers C# notebook users know from .NET Interactive. The kernel imports this class statically, so a
/// cell can call <c>display(x)</c> directly.
/// </summary>
public static class Notebook
{
    /// <summary>
    /// Shows <paramref name="value"/> as a new output and returns a handle whose <see cref="DisplayHandle.Update"/>
    /// replaces it. With <paramref name="mimeTypes"/> given, only those renderings (and text/plain) are sent.
    /// </summary>
    public static DisplayHandle display(object? value, params string[] mimeTypes)
    {
        var sink = DisplayHost.Sink;
        var handle = new DisplayHandle(sink, Guid.NewGuid().ToString("N"), mimeTypes);
        sink.Show(MimeFormatter.Format(value, mimeTypes), handle.DisplayId);
        return handle;
    }
}
