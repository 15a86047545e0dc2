using Microsoft.CodeAnalysis;

namespace Kit.Kernel.Execution;

/// <summary>The semantic model of a cell's text compiled (not run) as the next submission of the session.</summary>
internal static class SemanticView
{
    public static (SemanticModel Model, SyntaxNode Root) Of(ScriptSession session, string code)
    {
        var script = session.NextSubmission(code);
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        return (compilation.GetSemanticModel(tree), tree.GetRoot());
    }
}
