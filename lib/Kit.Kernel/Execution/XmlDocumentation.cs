using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace Kit.Kernel.Execution;

/// <summary>
/// Supplies documentation comments from an assembly's XML documentation file (read on first use) so that inspect can
/// show summaries of framework and library members.
/// </summary>
internal sealed class XmlDocumentation(string path) : DocumentationProvider
{
    private readonly Lazy<Dictionary<string, string>> _members = new(() => Load(path));

    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
        _members.Value.GetValueOrDefault(documentationMemberID);

    private static Dictionary<string, string> Load(string path)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(path).Descendants("member"))
            if ((string?)member.Attribute("name") is { } name)
                members[name] = member.ToString();
        return members;
    }

    public override bool Equals(object? obj) => obj is XmlDocumentation other && other.Path == Path;

    public override int GetHashCode() => Path.GetHashCode(StringComparison.Ordinal);

    private string Path => path;
}
