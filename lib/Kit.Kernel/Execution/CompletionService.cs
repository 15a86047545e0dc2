using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Kit.Kernel.Execution;

/// <summary>
/// Completion at the cursor from Roslyn's semantic model of the cell as a continuation of the session: after a dot,
/// the members of the expression's type (static members for a type, types for a namespace, extension methods
/// included); elsewhere, every name in scope. Matches start with the identifier being typed.
/// </summary>
internal sealed class CompletionService(ScriptSession session)
{
    public sealed record Result(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd);

    /// <param name="code">The cell text.</param>
    /// <param name="cursor">Cursor position in code points.</param>
    public Result Complete(string code, int cursor)
    {
        var position = CodePoints.ToUtf16(code, cursor);
        var (model, root) = SemanticView.Of(session, code);
        var token = position > 0 ? root.FindToken(position - 1) : default;
        var typing = token.IsKind(SyntaxKind.IdentifierToken) && token.Span.End == position;
        var prefix = typing ? token.Text : "";
        var start = typing ? token.SpanStart : position;

        var symbols = ReceiverOf(token, typing) is { } receiver
            ? MembersOf(model, receiver, position)
            : model.LookupSymbols(position);
        var matches = symbols
            .Where(s => s.CanBeReferencedByName && s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Name).Distinct(StringComparer.Ordinal)
            .OrderBy(n => !n.StartsWith(prefix, StringComparison.Ordinal)).ThenBy(n => n, StringComparer.Ordinal)
            .ToList();
        return new Result(matches, CodePoints.FromUtf16(code, start), cursor);
    }

    /// <summary>The expression left of the dot when completing a member access, else null.</summary>
    private static ExpressionSyntax? ReceiverOf(SyntaxToken token, bool typing)
    {
        var dot = typing ? token.GetPreviousToken() : token;
        if (!dot.IsKind(SyntaxKind.DotToken)) return null;
        return dot.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            QualifiedNameSyntax qualified => qualified.Left,
            _ => null,
        };
    }

    private static IEnumerable<ISymbol> MembersOf(SemanticModel model, ExpressionSyntax receiver, int position)
    {
        var symbol = model.GetSymbolInfo(receiver).Symbol;
        return symbol switch
        {
            INamespaceSymbol ns => model.LookupNamespacesAndTypes(position, ns),
            INamedTypeSymbol type => model.LookupStaticMembers(position, type),
            _ when model.GetTypeInfo(receiver).Type is { } type =>
                model.LookupSymbols(position, type, includeReducedExtensionMethods: true).Where(s => !s.IsStatic || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension }),
            _ => [],
        };
    }
}
