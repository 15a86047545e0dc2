using System.Text.RegularExpressions;
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

    /// <summary>
    /// Stack frames down to the last one in a cell (the kernel's and Roslyn's machinery below it is noise), cell frames
    /// written as a reader names them, and the async plumbing between frames left out.
    /// </summary>
    private static IEnumerable<string> UserFrames(Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(f => f.TrimEnd())
            .Where(f => !IsPlumbing(f)).ToList();
        var lastCellFrame = frames.FindLastIndex(f => f.Contains("Submission#", StringComparison.Ordinal));
        return (lastCellFrame >= 0 ? frames.Take(lastCellFrame + 1) : frames).Select(Readable);
    }

    private static bool IsPlumbing(string frame) =>
        frame.StartsWith("--- End of stack trace from previous location", StringComparison.Ordinal)
        || frame.Contains(" System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw", StringComparison.Ordinal)
        || frame.Contains(" System.Runtime.CompilerServices.TaskAwaiter", StringComparison.Ordinal);

    // "   at Submission#13.<<Initialize>>d__0.MoveNext() in Cell[14]:line 3", and the like for methods, lambdas and
    // async methods declared in cells (the submission class is Roslyn's; the cell name is the kernel's).
    private static readonly Regex CellFrame = new(
        @"^(?<indent>\s*)at Submission#\d+[.+](?<member>.*?)(?: in (?<cell>Cell\[\d+\]):line (?<line>\d+))?$", RegexOptions.CultureInvariant);

    /// <summary>A cell's frame as "at Spin() in Cell[4], line 2" (or "at Cell[4], line 2" for the cell's own code).</summary>
    public static string Readable(string frame)
    {
        var match = CellFrame.Match(frame);
        if (!match.Success) return frame;
        var member = match.Groups["member"].Value;
        string? name = member switch
        {
            _ when member.Contains("<Initialize>", StringComparison.Ordinal) && !member.Contains("b__", StringComparison.Ordinal) => null,
            _ when member.Contains("b__", StringComparison.Ordinal) => "a lambda",
            _ when Regex.Match(member, @"<(?<name>[^<>]+)>d__\d+\.MoveNext\(\)") is { Success: true } async => async.Groups["name"].Value + "()",
            _ when Regex.Match(member, @"<[^<>]*>g__(?<name>[^|]+)\|") is { Success: true } local => local.Groups["name"].Value + "()",
            _ => member,
        };
        var where = match.Groups["cell"].Success ? $"{match.Groups["cell"].Value}, line {match.Groups["line"].Value}" : "a cell";
        return $"{match.Groups["indent"].Value}at {(name is null ? where : $"{name} in {where}")}";
    }
}
