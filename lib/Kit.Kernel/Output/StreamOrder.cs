using System.Text;

namespace Kit.Kernel.Output;

/// <summary>
/// Keeps Console.Out and Console.Error text in the order a cell wrote it. Each descriptor has its own pipe and reader
/// thread (<see cref="DescriptorCapture"/>), so text written to stdout and then to stderr could reach the notebook in
/// either order (2 of 4 cells did). Within one descriptor the pipe keeps order, native writes included; across the two,
/// a managed write that switches from one to the other first drains both pipes (<see cref="DescriptorCapture.Sync"/>),
/// so everything written before it is collected first. A cell printing to one stream pays nothing.
/// </summary>
internal sealed class StreamOrder(DescriptorCapture capture)
{
    private readonly object _gate = new();
    private TextWriter? _last;

    /// <summary>Wraps the console writer of one descriptor.</summary>
    public TextWriter Writer(TextWriter inner) => new Ordered(this, inner);

    private void Write(TextWriter writer, Action write)
    {
        lock (_gate)
        {
            if (_last is not null && !ReferenceEquals(_last, writer))
            {
                _last.Flush();
                capture.Sync();
            }
            _last = writer;
            write();
        }
    }

    private sealed class Ordered(StreamOrder order, TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => order.Write(inner, () => inner.Write(value));

        public override void Write(string? value) => order.Write(inner, () => inner.Write(value));

        public override void Write(char[] buffer, int index, int count) => order.Write(inner, () => inner.Write(buffer, index, count));

        public override void WriteLine(string? value) => order.Write(inner, () => inner.WriteLine(value));

        public override void Flush() => inner.Flush();
    }
}
