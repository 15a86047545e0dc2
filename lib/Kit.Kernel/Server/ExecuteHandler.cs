using System.Text.Json.Nodes;
using Kit.Display;
using Kit.Kernel.Execution;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>
/// execute_request: execute_input, then the cell's streams and displays, then execute_result or error, then the reply.
/// execution_count follows ipykernel: bumped once per store_history request, errors included; silent requests
/// publish nothing of their own and do not count. While the cell runs, Console.ReadLine asks the frontend for input
/// (<see cref="StdinReader"/>) if the request allows stdin.
/// </summary>
internal sealed class ExecuteHandler(ScriptSession session, MessageSender sender, OutputPipeline output, StdinReader stdin, PlotlyEmbedding plotly)
{
    private int _executionCount;

    /// <summary>Runs the request.</summary>
    /// <param name="request">The execute_request.</param>
    /// <param name="cancellation">Cancelled by an interrupt.</param>
    /// <param name="beforeErrorReply">Called when the cell failed, before the reply is sent: a client that sees the
    /// reply may send more requests at once, and those must not be caught by an abort meant for earlier ones.</param>
    public void Handle(JupyterMessage request, CancellationToken cancellation, Action beforeErrorReply)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var silent = request.Content["silent"]?.GetValue<bool>() ?? false;
        var storeHistory = !silent && (request.Content["store_history"]?.GetValue<bool>() ?? true);
        if (storeHistory) _executionCount++;
        var count = _executionCount;
        if (!silent) sender.Publish("execute_input", new() { ["code"] = code, ["execution_count"] = count }, request);

        ExecutionOutcome outcome;
        stdin.Begin(request);
        try
        {
            outcome = session.Execute(code, new KernelCell($"Cell[{count}]", cancellation, request));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failure of the kernel's own machinery (not of user code, which the session reports) must still answer.
            KernelLog.Write($"execution machinery failed: {e}");
            outcome = ErrorReport.Exception(e);
        }
        finally
        {
            stdin.End();
        }
        output.Flush();

        if (outcome is ExecutionOutcome.Success success)
        {
            if (success.HasValue && !silent)
            {
                var bundle = MimeFormatter.Format(success.Value);
                plotly.Before(bundle, request);
                sender.Publish("execute_result", new()
                {
                    ["execution_count"] = count,
                    ["data"] = bundle.ToJson(),
                    ["metadata"] = new JsonObject(),
                }, request);
            }
            sender.Reply(Channel.Shell, request, "execute_reply", new()
            {
                ["status"] = "ok", ["execution_count"] = count, ["payload"] = new JsonArray(),
                ["user_expressions"] = UserExpressions(request, cancellation),
            });
            return;
        }

        var failure = (ExecutionOutcome.Failure)outcome;
        var traceback = new JsonArray(failure.Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        if (!silent)
            sender.Publish("error", new() { ["ename"] = failure.Name, ["evalue"] = failure.Value, ["traceback"] = traceback.DeepClone() }, request);
        beforeErrorReply();
        sender.Reply(Channel.Shell, request, "execute_reply", new()
        {
            ["status"] = "error", ["execution_count"] = count, ["ename"] = failure.Name, ["evalue"] = failure.Value,
            ["traceback"] = traceback, ["user_expressions"] = new JsonObject(),
        });
    }

    /// <summary>Evaluates each user expression against the session state, as text/plain bundles.</summary>
    private JsonObject UserExpressions(JupyterMessage request, CancellationToken cancellation)
    {
        var results = new JsonObject();
        if (request.Content["user_expressions"] is not JsonObject expressions) return results;
        foreach (var (name, expression) in expressions)
        {
            var outcome = session.Evaluate(expression?.GetValue<string>() ?? "", cancellation);
            results[name] = outcome switch
            {
                ExecutionOutcome.Success s => new JsonObject
                {
                    ["status"] = "ok", ["data"] = MimeFormatter.Format(s.Value).ToJson(), ["metadata"] = new JsonObject(),
                },
                ExecutionOutcome.Failure f => new JsonObject
                {
                    ["status"] = "error", ["ename"] = f.Name, ["evalue"] = f.Value,
                    ["traceback"] = new JsonArray(f.Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
                },
                _ => throw new InvalidOperationException(),
            };
        }
        return results;
    }
}
