using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Kit.Kernel.Execution;

/// <summary>Facts about a submission's syntax that decide how it is run and shown.</summary>
internal static class CellShape
{
    /// <summary>
    /// True when the last statement is an expression without a semicolon: its value becomes the execute_result.
    /// </summary>
    public static ExpressionSyntax? TrailingExpression(SyntaxTree tree)
    {
        var root = tree.GetCompilationUnitRoot();
        return root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }
               && statement.SemicolonToken.IsMissing
            ? statement.Expression
            : null;
    }

    /// <summary>
    /// True when the submission declares nothing that later cells could see (no top-level variables, pattern or out
    /// variables, members, types, usings or directives). Such a cell needs no place in the submission chain: it can
    /// run against the current state, and running the same text again reuses its compiled form.
    /// </summary>
    public static bool DeclaresNothing(SyntaxTree tree)
    {
        var root = tree.GetCompilationUnitRoot();
        if (root.Usings.Count > 0 || root.Externs.Count > 0 || root.AttributeLists.Count > 0) return false;
        if (root.GetReferenceDirectives().Any() || root.GetLoadDirectives().Any()) return false;
        foreach (var member in root.Members)
        {
            if (member is not GlobalStatementSyntax global) return false;
            if (global.Statement is LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax or LabeledStatementSyntax)
                return false;
        }
        return !root.DescendantNodes().Any(n => n is SingleVariableDesignationSyntax or ParenthesizedVariableDesignationSyntax);
    }

    /// <summary>The submission's parse options: C# script, latest language version.</summary>
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Script);
}
