namespace Kit.Display;

/// <summary>
/// The sink that <see cref="Notebook.display"/> publishes to. It is the console until a host (the kit's kernel)
/// attaches itself once at start-up; tests attach a recording sink and restore the previous one.
/// </summary>
public static class DisplayHost
{
    private static IDisplaySink _sink = new ConsoleDisplaySink();

    /// <summary>The sink in use.</summary>
    public static IDisplaySink Sink => Volatile.Read(ref _sink);

    /// <summary>Makes <paramref name="sink"/> the destination of every display; returns the previous sink.</summary>
    public static IDisplaySink Attach(IDisplaySink sink) => Interlocked.Exchange(ref _sink, sink);
}
