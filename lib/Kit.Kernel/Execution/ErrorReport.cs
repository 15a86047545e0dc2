using Microsoft.CodeAnalysis;

namespace Kit.Kernel.Execution;

/// <summary>Turns compile errors and exceptions into readable Jupyter error outputs (ename, evalue, traceback).</summary>
internal static class ErrorReport
{
    private const string Red = "\u001b[0;31m", Reset = "\u001b[0m";

    public static ExecutionOutcome.Failure Compilation(IEnumerable<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var lines = errors.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            var where = d.Location.IsInSource ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : "";
            return $"{Red}{where}: error {d.Id}{Reset}: {d.GetMessage()}";
        }).ToList();
        return new ExecutionOutcome.Failure("CompilationError", errors.Count > 0 ? errors[0].GetMessage() : "compilation failed", lines);
    }

    /// <summary>The exception and its inner exceptions, with stack frames from the cell (line numbers of the cell).</summary>
    public static ExecutionOutcome.Failure Exception(Exception exception)
    {
        var lines = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            lines.Add($"{Red}{e.GetType().FullName}{Reset}: {e.Message}");
            lines.AddRange(UserFrames(e));
        }
        return new ExecutionOutcome.Failure(exception.GetType().Name, exception.Message, lines);
    }

    public static ExecutionOutcome.Failure Interrupted(string detail) =>
        new("OperationCanceledException", "The cell was interrupted.", [$"{Red}Interrupted{Reset}: {detail}"]);

    /// <summary>Stack frames down to the last one in a cell; the kernel's and Roslyn's machinery below it is noise.</summary>
    private static IEnumerable<string> UserFrames(Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(f => f.TrimEnd()).ToList();
        var lastCellFrame = frames.FindLastIndex(f => f.Contains("Submission#", StringComparison.Ordinal));
        return lastCellFrame >= 0 ? frames.Take(lastCellFrame + 1) : frames;
    }
}
