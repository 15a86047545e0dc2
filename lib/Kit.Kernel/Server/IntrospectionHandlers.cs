using System.Text.Json.Nodes;
using Kit.Kernel.Execution;
using Kit.Kernel.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kit.Kernel.Server;

/// <summary>complete_request, inspect_request and is_complete_request.</summary>
internal sealed class IntrospectionHandlers(ScriptSession session, MessageSender sender)
{
    private readonly CompletionService _completion = new(session);
    private readonly InspectService _inspect = new(session);

    public void Complete(JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var cursor = request.Content["cursor_pos"]?.GetValue<int>() ?? CodePoints.Length(code);
        var result = _completion.Complete(code, cursor);
        sender.Reply(Channel.Shell, request, "complete_reply", new()
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(result.Matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["cursor_start"] = result.CursorStart,
            ["cursor_end"] = result.CursorEnd,
            ["metadata"] = new JsonObject(),
        });
    }

    public void Inspect(JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var cursor = request.Content["cursor_pos"]?.GetValue<int>() ?? CodePoints.Length(code);
        var text = _inspect.Inspect(code, cursor);
        sender.Reply(Channel.Shell, request, "inspect_reply", new()
        {
            ["status"] = "ok",
            ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text },
            ["metadata"] = new JsonObject(),
        });
    }

    /// <summary>Roslyn decides completeness; a complete submission with syntax errors is "invalid".</summary>
    public void IsComplete(JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var tree = CSharpSyntaxTree.ParseText(code, CellShape.ParseOptions);
        var content = new JsonObject();
        if (!SyntaxFactory.IsCompleteSubmission(tree))
        {
            content["status"] = "incomplete";
            content["indent"] = "    ";
        }
        else
        {
            content["status"] = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? "invalid" : "complete";
        }
        sender.Reply(Channel.Shell, request, "is_complete_reply", content);
    }
}
