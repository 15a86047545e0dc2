using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Kit.Kernel.Execution;

/// <summary>
/// Inspection (Shift+Tab): the signature(s) and XML documentation summary of the symbol at the cursor, or inside a call's
/// parentheses the overloads of the method being called and the documentation of the parameter being typed.
/// </summary>
internal sealed class InspectService(ScriptSession session)
{
    /// <summary>Signatures listed at most (Console.WriteLine has 20 overloads).</summary>
    private const int MaxOverloads = 24;

    /// <summary>
    /// Plain text describing the symbol at the cursor, or, when the cursor is inside the parentheses of a call and not
    /// on a name (just after "(" or ","), the signatures of the method or constructor being called (Shift+Tab in
    /// Jupyter); null when there is neither.
    /// </summary>
    public string? Inspect(string code, int cursor)
    {
        var position = CodePoints.ToUtf16(code, cursor);
        var (model, root) = SemanticView.Of(session, code);
        var symbols = SymbolsAt(model, root, position);
        var call = symbols.Count == 0 ? CallAt(model, root, position) : null;
        if (call is not null) symbols = call.Value.Candidates;
        if (symbols.Count == 0) return null;
        var text = new StringBuilder();
        foreach (var symbol in symbols.Take(MaxOverloads))
            text.AppendLine(symbol.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat.WithMemberOptions(
                SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType |
                SymbolDisplayMemberOptions.IncludeContainingType)));
        if (symbols.Count > MaxOverloads) text.AppendLine($"(+{symbols.Count - MaxOverloads} more overloads)");
        var documented = call is { } c ? Best(c.Candidates, c.Arguments) : symbols[0];
        if (Summary(documented) is { Length: > 0 } summary) text.AppendLine().AppendLine(summary);
        if (call is { } active && Parameter(documented, active.Arguments - 1) is { } parameter) text.AppendLine().AppendLine(parameter);
        return text.ToString().TrimEnd();
    }

    /// <summary>
    /// The method group of the call whose argument list holds the cursor (its overloads; the resolved one first), and
    /// how many arguments are started up to the cursor (1 just after "(").
    /// </summary>
    private static (List<ISymbol> Candidates, int Arguments)? CallAt(SemanticModel model, SyntaxNode root, int position)
    {
        var token = root.FindToken(Math.Max(0, position - 1));
        var list = token.Parent?.AncestorsAndSelf().OfType<BaseArgumentListSyntax>().FirstOrDefault(a =>
            a.OpenBracketToken().Span.End <= position && (a.CloseBracketToken().IsMissing || position <= a.CloseBracketToken().SpanStart));
        if (list?.Parent is not { } call) return null;
        var arguments = 1 + list.Arguments.GetSeparators().Count(s => s.SpanStart < position);
        var info = model.GetSymbolInfo(call);
        var group = call switch
        {
            InvocationExpressionSyntax invocation => model.GetMemberGroup(invocation.Expression),
            BaseObjectCreationExpressionSyntax creation => model.GetMemberGroup(creation),
            ElementAccessExpressionSyntax access => model.GetMemberGroup(access),
            _ => [],
        };
        var candidates = new List<ISymbol>();
        if (info.Symbol is { } resolved) candidates.Add(resolved);
        candidates.AddRange(info.CandidateSymbols.Where(s => !candidates.Contains(s, SymbolEqualityComparer.Default)));
        candidates.AddRange(group.Where(s => !candidates.Contains(s, SymbolEqualityComparer.Default)));
        return candidates.Count == 0 ? null : (candidates, arguments);
    }

    /// <summary>The overload a reader most likely means: the resolved one, else the first taking that many arguments.</summary>
    private static ISymbol Best(List<ISymbol> candidates, int arguments) =>
        candidates.FirstOrDefault(s => s is IMethodSymbol m && (m.Parameters.Length >= arguments || m.Parameters.LastOrDefault()?.IsParams == true))
        ?? candidates[0];

    /// <summary>"name: documentation" of the parameter at <paramref name="index"/> (the argument being typed).</summary>
    private static string? Parameter(ISymbol symbol, int index)
    {
        if (symbol is not IMethodSymbol method || method.Parameters.Length == 0) return null;
        var parameter = method.Parameters[Math.Min(index, method.Parameters.Length - 1)];
        var line = $"{parameter.Name}: {parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}";
        var xml = method.GetDocumentationCommentXml();
        if (string.IsNullOrWhiteSpace(xml)) return line;
        try
        {
            var doc = XElement.Parse(xml).Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == parameter.Name);
            return doc is null ? line : $"{line} — {Clean(doc)}";
        }
        catch (System.Xml.XmlException)
        {
            return line;
        }
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

internal static class ArgumentLists
{
    public static SyntaxToken OpenBracketToken(this BaseArgumentListSyntax list) => list switch
    {
        ArgumentListSyntax a => a.OpenParenToken,
        BracketedArgumentListSyntax b => b.OpenBracketToken,
        _ => default,
    };

    public static SyntaxToken CloseBracketToken(this BaseArgumentListSyntax list) => list switch
    {
        ArgumentListSyntax a => a.CloseParenToken,
        BracketedArgumentListSyntax b => b.CloseBracketToken,
        _ => default,
    };
}
