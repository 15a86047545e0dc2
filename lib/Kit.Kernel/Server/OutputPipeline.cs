using Kit.Kernel.Output;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// The path from fd 1/2 to iopub stream messages: descriptor capture, batching, and the request the text belongs to.
/// Output written between requests is attributed to the last request (as ipykernel does).
/// </summary>
internal sealed class OutputPipeline
{
    private readonly StreamBatcher _batcher;
    private readonly DescriptorCapture _capture;
    private JupyterMessage? _parent;

    public OutputPipeline(MessageSender sender)
    {
        _batcher = new StreamBatcher((name, text) =>
            sender.Publish("stream", new() { ["name"] = name, ["text"] = text }, Parent));
        _capture = new DescriptorCapture(_batcher);
        var order = new StreamOrder(_capture);
        Console.SetOut(order.Writer(Console.Out));
        Console.SetError(order.Writer(Console.Error));
    }

    /// <summary>The request whose outputs are being produced.</summary>
    public JupyterMessage? Parent
    {
        get => Volatile.Read(ref _parent);
        set => Volatile.Write(ref _parent, value);
    }

    /// <summary>A writable duplicate of the original stderr, for the kernel's own log.</summary>
    public int LogFd => _capture.OriginalStderr;

    /// <summary>Publishes all text written so far, C stdio buffers included.</summary>
    public void Flush()
    {
        _capture.Sync();
        _batcher.Flush();
    }
}
