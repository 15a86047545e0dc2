namespace Kit.Display;

/// <summary>The sink used when no kernel is attached: prints the text/plain form to standard output.</summary>
public sealed class ConsoleDisplaySink : IDisplaySink
{
    private readonly TextWriter? _writer;

    /// <summary>Prints to <paramref name="writer"/>, or to <see cref="Console.Out"/> as it is at each call.</summary>
    public ConsoleDisplaySink(TextWriter? writer = null) => _writer = writer;

    /// <inheritdoc />
    public bool SupportsUpdate => false;

    /// <inheritdoc />
    public void Show(MimeBundle bundle, string displayId) => (_writer ?? Console.Out).WriteLine(bundle.Text);

    /// <inheritdoc />
    public void Update(MimeBundle bundle, string displayId) => (_writer ?? Console.Out).WriteLine(bundle.Text);
}
