using Kit.Display;
using Microsoft.CodeAnalysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Kit.Kernel.Execution;

/// <summary>
/// What every cell compiles against: the running runtime's framework assemblies (with the targeting pack's XML docs,
/// for inspect, when the SDK is installed), the kit's display library and the formatter. Default usings match what C# notebook users expect.
/// </summary>
internal static class ScriptReferences
{
    public static readonly string[] Imports =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Text", "System.Threading",
        "System.Threading.Tasks", "System.Globalization", "System.Diagnostics",
        "Kit.Display", "Kit.Display.Plotly", "Microsoft.DotNet.Interactive.Formatting", "Kit.Display.Notebook",
    ];

    public static IReadOnlyList<MetadataReference> Create()
    {
        var docs = TargetingPackDirectory();
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        var framework = tpa.Where(p => Path.GetDirectoryName(p) == runtimeDir)
            .Select(p => FromFile(p, docs is null ? null : Path.Combine(docs, Path.ChangeExtension(Path.GetFileName(p), ".xml"))));
        var extra = new[] { typeof(Notebook).Assembly, typeof(Formatter).Assembly, typeof(Microsoft.AspNetCore.Html.HtmlString).Assembly }
            .Select(a => (MetadataReference)FromFile(a.Location));
        return framework.Concat(extra).ToList();
    }

    /// <summary>
    /// packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net&lt;major.minor&gt; beside the dotnet executable: the
    /// XML documentation of the framework (the runtime folder has none). Cells still compile against the runtime's own
    /// assemblies, which Roslyn scripting needs to find its core library.
    /// </summary>
    private static string? TargetingPackDirectory()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        if (!Directory.Exists(packs)) return null;
        var version = Environment.Version;
        return Directory.GetDirectories(packs)
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(c => c.Version is not null && c.Version.Major == version.Major && c.Version.Minor == version.Minor)
            .OrderByDescending(c => c.Version)
            .Select(c => Path.Combine(c.Dir, "ref", $"net{version.Major}.{version.Minor}"))
            .FirstOrDefault(Directory.Exists);
    }

    /// <summary>A file reference, with the XML documentation beside it when there is one.</summary>
    public static PortableExecutableReference FromFile(string path, string? documentation = null)
    {
        var xml = documentation ?? Path.ChangeExtension(path, ".xml");
        return MetadataReference.CreateFromFile(path,
            documentation: File.Exists(xml) ? new XmlDocumentation(xml) : null);
    }
}
