using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kit.Kernel.Execution;

/// <summary>Inspection (Shift+Tab): the signature(s) and XML documentation summary of the symbol at the cursor.</summary>
internal sealed class InspectService(ScriptSession session)
{
    /// <summary>Plain text describing the symbol, or null when there is none at the cursor.</summary>
    public string? Inspect(string code, int cursor)
    {
        var position = CodePoints.ToUtf16(code, cursor);
        var (model, root) = SemanticView.Of(session, code);
        var symbols = SymbolsAt(model, root, position);
        if (symbols.Count == 0) return null;
        var text = new StringBuilder();
        foreach (var symbol in symbols.Take(12))
            text.AppendLine(symbol.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat.WithMemberOptions(
                SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType |
                SymbolDisplayMemberOptions.IncludeContainingType)));
        if (symbols.Count > 12) text.AppendLine($"(+{symbols.Count - 12} more overloads)");
        if (Summary(symbols[0]) is { Length: > 0 } summary) text.AppendLine().AppendLine(summary);
        return text.ToString().TrimEnd();
    }

    private static List<ISymbol> SymbolsAt(SemanticModel model, SyntaxNode root, int position)
    {
        foreach (var at in new[] { position, position - 1 })
        {
            if (at < 0) continue;
            var token = root.FindToken(at);
            if (!token.IsKind(SyntaxKind.IdentifierToken) && !token.IsKind(SyntaxKind.PredefinedType) && !SyntaxFacts.IsPredefinedType(token.Kind())) continue;
            var node = token.Parent!;
            var info = model.GetSymbolInfo(node);
            if (info.Symbol is { } symbol) return [symbol];
            if (info.CandidateSymbols.Length > 0) return [.. info.CandidateSymbols];
            if (model.GetDeclaredSymbol(node) is { } declared) return [declared];
            if (model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } type) return [type];
        }
        return [];
    }

    /// <summary>Text of a documentation element: cref and name references by their short name, whitespace collapsed.</summary>
    private static string Clean(XElement? element)
    {
        if (element is null) return "";
        var text = string.Concat(element.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" or "seealso" or "paramref" or "typeparamref" } r when !r.Nodes().Any() =>
                ((string?)r.Attribute("cref") ?? (string?)r.Attribute("name") ?? (string?)r.Attribute("langword") ?? "").Split(':').Last(),
            XElement inner => " " + Clean(inner) + " ",
            _ => "",
        }));
        return string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The summary (and returns) text of the symbol's XML documentation, whitespace collapsed.</summary>
    private static string? Summary(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml();
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try
        {
            var doc = XElement.Parse(xml);
            var parts = new List<string> { Clean(doc.Element("summary")) };
            if (doc.Element("returns") is { } returns) parts.Add("Returns: " + Clean(returns));
            return string.Join("\n", parts.Where(p => p.Length > 0));
        }
        catch (System.Xml.XmlException)
        {
            return xml.Trim();
        }
    }
}
