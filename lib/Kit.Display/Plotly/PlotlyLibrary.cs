namespace Kit.Display.Plotly;

/// <summary>
/// Finds the plotly.js bundle installed by npm (never committed, never fetched from a CDN) so charts work offline:
/// <c>KIT_PLOTLY_JS</c> if set, else <c>node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js</c> in the
/// current directory, the application directory, or any of their parents (the repository root). The cartesian bundle
/// holds every trace type <see cref="Figure"/> makes (bar, scatter, heatmap, image) in 1.5 MB; the full one is 4.8 MB,
/// and a notebook stores one copy.
/// <para>
/// In a notebook the kernel stores the bundle once per notebook page: before the first chart output of each client
/// session (a page load, or one nbclient run) it sends <see cref="Output"/> as an output of its own, so a saved or
/// exported notebook holds one copy, which updating a chart in place never removes. Charts whose page holds no copy
/// (its output cleared, or the notebook reopened) load it from the notebook server: the kernelspec's folder holds
/// plotly.min.js, served at /kernelspecs/NAME/plotly.min.js, NAME being <see cref="ServedKernelspec"/>.
/// </para>
/// </summary>
public static class PlotlyLibrary
{
    /// <summary>Environment variable that names the plotly.js file explicitly.</summary>
    public const string EnvironmentVariable = "KIT_PLOTLY_JS";

    /// <summary>Environment variable (set by the kernelspec) naming the kernelspec whose folder serves plotly.min.js.</summary>
    public const string KernelspecVariable = "KIT_KERNELSPEC";

    /// <summary>The MIME type JupyterLab's and VS Code's Plotly renderers read; every figure output carries it.</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    private const string RelativePath = "node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js";
    private static readonly Lazy<string?> Source = new(() => Locate() is { } path ? File.ReadAllText(path) : null);

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

    /// <summary>The kernelspec whose folder the notebook server serves plotly.min.js from, or null outside such a kernel.</summary>
    public static string? ServedKernelspec =>
        Environment.GetEnvironmentVariable(KernelspecVariable) is { Length: > 0 } name ? name : null;

    /// <summary>A &lt;script&gt; element holding the whole bundle.</summary>
    public static string ScriptElement() => "<script type=\"text/javascript\">" + Script + "</script>";

    /// <summary>Whether an output draws a chart (a figure, or HTML holding one, such as ablation results).</summary>
    public static bool Draws(MimeBundle bundle) =>
        bundle.Data.ContainsKey(MimeType)
        || (bundle.Data.TryGetValue(MimeBundle.Html, out var html) && html is string text && text.Contains("class=\"kit-plotly\"", StringComparison.Ordinal));

    /// <summary>
    /// The output that stores the bundle in a notebook: the script as HTML, and a line of text for front ends that
    /// show text only.
    /// </summary>
    public static MimeBundle Output() =>
        new MimeBundle("plotly.js (stored once in this notebook so that its charts draw offline and in exported HTML)")
            .With(MimeBundle.Html, ScriptElement());
}
