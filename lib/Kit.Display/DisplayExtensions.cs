namespace Kit.Display;

/// <summary><c>value.Display()</c>: the extension-method form of <see cref="Notebook.display"/>.</summary>
public static class DisplayExtensions
{
    /// <summary>Shows <paramref name="value"/> and returns a handle that can update it in place.</summary>
    public static DisplayHandle Display(this object? value, params string[] mimeTypes) =>
        Notebook.display(value, mimeTypes);
}
