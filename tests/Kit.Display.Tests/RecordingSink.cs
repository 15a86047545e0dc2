using Kit.Display;

namespace Kit.Display.Tests;

/// <summary>A notebook-like sink that records what was shown and updated.</summary>
internal sealed class RecordingSink(bool supportsUpdate = true) : IDisplaySink
{
    public List<(string Kind, string Id, MimeBundle Bundle)> Events { get; } = [];

    public bool SupportsUpdate => supportsUpdate;

    public void Show(MimeBundle bundle, string displayId) => Events.Add(("show", displayId, bundle));

    public void Update(MimeBundle bundle, string displayId) => Events.Add(("update", displayId, bundle));
}
