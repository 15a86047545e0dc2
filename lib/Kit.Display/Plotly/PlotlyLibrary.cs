namespace Kit.Display.Plotly;

/// <summary>
/// Finds the plotly.js bundle installed by npm (never committed, never fetched from a CDN) so charts work offline:
/// <c>KIT_PLOTLY_JS</c> if set, else <c>node_modules/plotly.js-dist-min/plotly.min.js</c> in the current directory,
/// the application directory, or any of their parents (the repository root).
/// </summary>
public static class PlotlyLibrary
{
    /// <summary>Environment variable that names the plotly.js file explicitly.</summary>
    public const string EnvironmentVariable = "KIT_PLOTLY_JS";

    private const string RelativePath = "node_modules/plotly.js-dist-min/plotly.min.js";
    private static readonly Lazy<string?> Source = new(() => Locate() is { } path ? File.ReadAllText(path) : null);
    private static int _inlined;

    /// <summary>The path of the bundle, or null when it is not installed.</summary>
    public static string? Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(explicitPath))
            return File.Exists(explicitPath) ? explicitPath
                : throw new FileNotFoundException($"{EnvironmentVariable} names a file that does not exist.", explicitPath);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>The bundle's text; throws with the fix when it is not installed.</summary>
    public static string Script => Source.Value ?? throw new FileNotFoundException(
        $"plotly.js not found: run tools/kernel/setup-kernel.sh (npm ci) in the repository, or set {EnvironmentVariable}.");

    /// <summary>
    /// A &lt;script&gt; element with the whole bundle the first time it is asked for in this process (one notebook
    /// session), an empty string afterwards: later charts use the window.Plotly the first one defined.
    /// </summary>
    public static string InlineOncePerSession() =>
        Interlocked.Exchange(ref _inlined, 1) == 0 ? ScriptElement() : "";

    /// <summary>Makes the next <see cref="InlineOncePerSession"/> inline the bundle again (a fresh page or kernel restart).</summary>
    public static void ResetSession() => Interlocked.Exchange(ref _inlined, 0);

    /// <summary>A &lt;script&gt; element holding the whole bundle.</summary>
    public static string ScriptElement() => "<script type=\"text/javascript\">" + Script + "</script>";
}
