using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kit.Display;
using Kit.Display.Plotly;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// Stores plotly.js once per notebook page: before the first output that draws a chart in each client session (the
/// header's session: a new one per page load in Notebook, per nbclient run), an output of its own holding the bundle
/// (<see cref="PlotlyLibrary.Output"/>). Per page rather than per kernel process, so a reloaded page, whose earlier
/// copy may have been cleared, gets one again; and as a separate output, so a chart updated in place never drops it.
/// </summary>
internal sealed class PlotlyEmbedding(MessageSender sender)
{
    private readonly ConcurrentDictionary<string, bool> _pages = new(StringComparer.Ordinal);

    /// <summary>Call before publishing <paramref name="bundle"/> for <paramref name="parent"/>.</summary>
    public void Before(MimeBundle bundle, JupyterMessage? parent)
    {
        if (parent is null || !PlotlyLibrary.Draws(bundle)) return;
        var page = parent.Header["session"]?.GetValue<string>() ?? "";
        if (!_pages.TryAdd(page, true)) return;
        MimeBundle library;
        try
        {
            library = PlotlyLibrary.Output();
        }
        catch (FileNotFoundException e)
        {
            // Charts then load it from the notebook server, or say it is missing; the cell itself goes on.
            KernelLog.Write($"plotly.js not stored in the notebook: {e.Message}");
            return;
        }
        sender.Publish("display_data", new() { ["data"] = library.ToJson(), ["metadata"] = new JsonObject(), ["transient"] = new JsonObject() }, parent);
    }
}
