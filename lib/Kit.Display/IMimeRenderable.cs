namespace Kit.Display;

/// <summary>A value that knows how to render itself for notebooks (tables, figures, progress bars).</summary>
public interface IMimeRenderable
{
    /// <summary>Renders the current state of the value; must include <c>text/plain</c>.</summary>
    MimeBundle ToMimeBundle();
}
