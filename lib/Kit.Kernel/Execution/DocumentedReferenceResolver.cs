using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Kit.Kernel.Execution;

/// <summary>
/// Resolves <c>#r</c> directives as Roslyn scripting does, and gives each resolved file the XML documentation beside it
/// (Kit.dll's Kit.xml, a package's docs), which the default resolver leaves out: inspection (Shift+Tab) can then show
/// the summaries of the kit's own types and of packages, not only of the framework.
/// </summary>
internal sealed class DocumentedReferenceResolver(ScriptMetadataResolver inner) : MetadataReferenceResolver
{
    public ScriptMetadataResolver Inner => inner;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
        inner.ResolveReference(reference, baseFilePath, properties)
            .Select(r => r.FilePath is { } path && File.Exists(Path.ChangeExtension(path, ".xml"))
                ? MetadataReference.CreateFromFile(path, r.Properties, new XmlDocumentation(Path.ChangeExtension(path, ".xml")))
                : r)
            .ToImmutableArray();

    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        inner.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other) => other is DocumentedReferenceResolver d && d.Inner.Equals(inner);

    public override int GetHashCode() => inner.GetHashCode();
}
