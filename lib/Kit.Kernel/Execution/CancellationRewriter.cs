using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Kit.Kernel.Execution;

/// <summary>
/// Makes plain loops interruptible. .NET cannot abort a thread, so the kernel inserts
/// <c>global::Kit.Display.Cell.Checkpoint();</c> at the start of every loop body and every method, accessor, local
/// function and lambda block body of a submission; an interrupt cancels the cell's token and the next checkpoint
/// throws. Statements are inserted on existing lines, so line numbers in errors stay those of the cell.
/// </summary>
internal sealed class CancellationRewriter : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax Checkpoint = SyntaxFactory.ParseStatement("global::Kit.Display.Cell.Checkpoint();");

    /// <summary>Returns the instrumented source of a script submission.</summary>
    public static string Instrument(string code, CSharpParseOptions options)
    {
        var tree = CSharpSyntaxTree.ParseText(code, options);
        return new CancellationRewriter().Visit(tree.GetRoot()).ToFullString();
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        var visited = (BlockSyntax)base.VisitBlock(node)!;
        return node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
            or AnonymousFunctionExpressionSyntax
            ? Prepend(visited)
            : visited;
    }

    /// <summary>A loop body with a checkpoint first; a single-statement body becomes a block on the same line.</summary>
    private static StatementSyntax Guard(StatementSyntax body) => body switch
    {
        BlockSyntax block => Prepend(block),
        _ => SyntaxFactory.Block(Checkpoint, body.WithoutTrivia())
            .WithLeadingTrivia(body.GetLeadingTrivia()).WithTrailingTrivia(body.GetTrailingTrivia()),
    };

    private static BlockSyntax Prepend(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, Checkpoint));
}
