namespace Kit.Display;

/// <summary>Where displayed values go: a Jupyter kernel's iopub channel, or the console.</summary>
public interface IDisplaySink
{
    /// <summary>True when an earlier output can be replaced in place (a notebook); false for a terminal.</summary>
    bool SupportsUpdate { get; }

    /// <summary>Shows a new output identified by <paramref name="displayId"/>.</summary>
    void Show(MimeBundle bundle, string displayId);

    /// <summary>Replaces the output shown earlier under <paramref name="displayId"/>.</summary>
    void Update(MimeBundle bundle, string displayId);
}
