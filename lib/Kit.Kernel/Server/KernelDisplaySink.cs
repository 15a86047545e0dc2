using Kit.Display;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// Sends display() output to iopub as display_data / update_display_data, parented to the running request, after
/// flushing pending stdout/stderr so that text and displays keep their order.
/// </summary>
internal sealed class KernelDisplaySink(MessageSender sender, Func<JupyterMessage?> currentParent, Action flushStreams, PlotlyEmbedding plotly) : IDisplaySink
{
    public bool SupportsUpdate => true;

    public void Show(MimeBundle bundle, string displayId) => Send("display_data", bundle, displayId);

    public void Update(MimeBundle bundle, string displayId) => Send("update_display_data", bundle, displayId);

    private void Send(string msgType, MimeBundle bundle, string displayId)
    {
        flushStreams();
        var parent = currentParent();
        plotly.Before(bundle, parent);
        sender.Publish(msgType, new()
        {
            ["data"] = bundle.ToJson(),
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["transient"] = new System.Text.Json.Nodes.JsonObject { ["display_id"] = displayId },
        }, parent);
    }
}
