using Kit.Display;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Kit.Kernel.Execution;

/// <summary>
/// The C# state of a notebook: a chain of Roslyn script submissions, so variables, types and usings carry across
/// cells. Each cell is instrumented for interruption (<see cref="CancellationRewriter"/>), its <c>#r "nuget:..."</c>
/// lines restored, its relative <c>#r "x.dll"</c> paths resolved against the notebook's directory (then the kit's
/// build: <c>#r "Kit.dll"</c>), and it runs on the
/// <see cref="CellThread"/> so an interrupt can always return control. Not thread-safe: one execution at a time.
/// </summary>
internal sealed class ScriptSession : IDisposable
{
    /// <summary>After an interrupt, how long a cell gets to reach a checkpoint before its thread is abandoned.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(1.5);

    private readonly NuGetRestorer _restorer;
    private readonly Action<string> _progress;
    private readonly CellThread _cellThread = new();
    // Compiled declaration-free cells by their source (NuGet lines removed); valid until the state moves on.
    private readonly Dictionary<string, (Script<object> Script, bool HasValue)> _reusable = new(StringComparer.Ordinal);
    private ScriptOptions _options;
    private ScriptState<object>? _state;
    private Thread? _warmUp;

    /// <param name="restorer">Restores <c>#r "nuget:..."</c> packages.</param>
    /// <param name="progress">Shows restore progress to the user.</param>
    public ScriptSession(NuGetRestorer restorer, Action<string> progress)
    {
        UnifyAssemblyVersions();
        _restorer = restorer;
        _progress = progress;
        _options = ScriptOptions.Default
            .WithReferences(ScriptReferences.Create())
            .WithImports(ScriptReferences.Imports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithEmitDebugInformation(true)
            .WithAllowUnsafe(true);
    }

    private static int _unifying;

    /// <summary>
    /// Packages restored by <c>#r "nuget:..."</c> can reference an older version of an assembly than the one restored
    /// (Plotly.NET's dependencies ask for FSharp.Core 5.0; the restore brings 10.1). NuGet's unification picks the
    /// higher version, but the script loader looks for the exact one: answer such a request with an already-loaded
    /// assembly of the same name and an equal or higher version, as a binding redirect would.
    /// </summary>
    private static void UnifyAssemblyVersions()
    {
        if (Interlocked.Exchange(ref _unifying, 1) == 1) return;
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
        {
            var wanted = new System.Reflection.AssemblyName(args.Name);
            return AppDomain.CurrentDomain.GetAssemblies()
                .Select(a => (Assembly: a, Name: a.GetName()))
                .Where(x => string.Equals(x.Name.Name, wanted.Name, StringComparison.OrdinalIgnoreCase)
                    && (wanted.Version is null || x.Name.Version is not null && x.Name.Version >= wanted.Version))
                .OrderByDescending(x => x.Name.Version)
                .Select(x => x.Assembly)
                .FirstOrDefault();
        };
    }

    /// <summary>
    /// <paramref name="code"/> as the next submission, compiled against the current state and options but not run
    /// (completion and inspection read its semantic model).
    /// </summary>
    public Script<object> NextSubmission(string code)
    {
        FinishWarmUp();
        return Submission(_state?.Script, code, _options);
    }

    /// <summary>Compiles and runs one cell.</summary>
    /// <param name="code">The cell's source.</param>
    /// <param name="cell">The execution: its name is the file in stack traces ("Cell[3]"), its cancellation fires on an
    /// interrupt, and it is installed as <see cref="Cell.Context"/> while the cell runs.</param>
    public ExecutionOutcome Execute(string code, CellContext cell)
    {
        FinishWarmUp();
        var cellName = cell.Name;
        var cancellation = cell.Cancellation;
        var workingDirectory = Directory.GetCurrentDirectory();
        var (withoutNuGet, packages) = NuGetDirective.Extract(code);
        try
        {
            foreach (var package in packages) AddPackage(package, workingDirectory, cancellation);
        }
        catch (NuGetRestoreException e)
        {
            return new ExecutionOutcome.Failure("NuGetRestoreError", e.Message, e.Message.Split('\n'));
        }
        catch (OperationCanceledException)
        {
            return ErrorReport.Interrupted("NuGet restore was cancelled.");
        }

        _options = _options
            .WithMetadataResolver(new DocumentedReferenceResolver(
                ScriptMetadataResolver.Default.WithBaseDirectory(workingDirectory).WithSearchPaths(SearchPaths(workingDirectory))))
            .WithFilePath(cellName);
        // A cell run again is neither instrumented nor parsed again: besides the time, every parse leaves new nodes in
        // Roslyn's process-wide cache of small syntax nodes, which grew the heap by ~250 bytes a run until it filled.
        var declaresNothing = _reusable.TryGetValue(withoutNuGet, out var compiled);
        if (!declaresNothing)
        {
            var instrumented = CancellationRewriter.Instrument(withoutNuGet, CellShape.ParseOptions);
            var tree = CSharpSyntaxTree.ParseText(instrumented, CellShape.ParseOptions);
            declaresNothing = CellShape.DeclaresNothing(tree);
            var script = Compile(instrumented);
            var diagnostics = script.Compile(cancellation);
            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return ErrorReport.Compilation(diagnostics);
            compiled = (script, HasValue(script, tree));
            if (declaresNothing) _reusable[withoutNuGet] = compiled;
        }

        var (finished, state, thrown) = Run(compiled.Script, cell);
        if (!finished) return ErrorReport.Interrupted(
            $"the cell did not reach a cancellation checkpoint within {InterruptGrace.TotalSeconds:0.#} s; its thread was abandoned and the kernel goes on from the state before it.");
        if (thrown is not null) return ErrorReport.Exception(thrown);
        if (!declaresNothing || _state is null)
        {
            _state = state;
            _reusable.Clear();
        }
        if (state!.Exception is { } exception)
            return exception is OperationCanceledException && cancellation.IsCancellationRequested
                ? ErrorReport.Interrupted("stopped at a cancellation checkpoint.")
                : ErrorReport.Exception(exception);
        // Work that honours the cell's token (a trainer, the runner) returns early rather than throwing; the cell then
        // ends normally, but it was interrupted: an error reply makes Run All stop instead of running the next cells.
        if (cancellation.IsCancellationRequested)
            return ErrorReport.Interrupted("the cell's work stopped at the interrupt and the cell ran to its end; its variables are kept.");
        return new ExecutionOutcome.Success(compiled.HasValue, state.ReturnValue);
    }

    /// <summary>
    /// Where a <c>#r "name.dll"</c> without a folder is looked for: the notebook's folder, then the kit's build
    /// (<see cref="KitBuild"/>), so <c>#r "Kit.dll"</c> works in a notebook copied anywhere.
    /// </summary>
    private static string[] SearchPaths(string workingDirectory) =>
        KitBuild.Directory is { } kit ? [workingDirectory, kit] : [workingDirectory];

    /// <summary>
    /// Compiles and runs a throwaway script on a background thread so the first real cell does not pay for loading and
    /// JIT-compiling Roslyn. It has its own chain and never touches the session's state. Call it before any other
    /// method; the session's first compilation waits for it to end, because a cell compiled while it ran sometimes
    /// saw the display library twice ("CS0121: the call is ambiguous between Kit.Display.Notebook.display(...) and
    /// Kit.Display.Notebook.display(...)") in about one notebook run in three.
    /// </summary>
    public void WarmUpInBackground()
    {
        var options = _options;
        _warmUp = new Thread(() => Submission(null, "var warm = new[] { 1, 2 }.Sum(); warm.ToString()", options).RunAsync().Wait())
        { IsBackground = true, Name = "roslyn warm-up", Priority = ThreadPriority.BelowNormal };
        _warmUp.Start();
    }

    private void FinishWarmUp()
    {
        _warmUp?.Join();
        _warmUp = null;
    }

    /// <summary>Evaluates an expression (user_expressions) against the current state without changing it.</summary>
    public ExecutionOutcome Evaluate(string expression, CancellationToken cancellation)
    {
        FinishWarmUp();
        var script = Compile(expression);
        var diagnostics = script.Compile(cancellation);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return ErrorReport.Compilation(diagnostics);
        var (finished, state, thrown) = Run(script, new CellContext("user_expressions", cancellation));
        if (!finished) return ErrorReport.Interrupted("the expression was abandoned.");
        if ((thrown ?? state!.Exception) is { } failure) return ErrorReport.Exception(failure);
        return new ExecutionOutcome.Success(true, state!.ReturnValue);
    }

    private Script<object> Compile(string code) => Submission(_state?.Script, code, _options);

    /// <summary>
    /// The next submission after <paramref name="previous"/> (or the first). The text goes in as UTF-8 bytes because
    /// emitting debug information (line numbers in tracebacks) needs a source text that knows its encoding.
    /// </summary>
    public static Script<object> Submission(Script? previous, string code, ScriptOptions options)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
        return previous is null ? CSharpScript.Create(stream, options) : previous.ContinueWith(stream, options);
    }

    private void AddPackage(NuGetDirective package, string workingDirectory, CancellationToken cancellation)
    {
        _progress($"Restoring NuGet package {package}...");
        var assemblies = _restorer.Restore(package, workingDirectory, cancellation);
        _options = _options.AddReferences(assemblies.Select(p => ScriptReferences.FromFile(p)));
        _progress($"Restored NuGet package {package} ({assemblies.Count} assemblies).");
    }

    /// <summary>
    /// Runs the script on the <see cref="CellThread"/> with the cell's context installed in <see cref="Cell"/>. Returns
    /// finished = false when an interrupt came and the cell did not stop within <see cref="InterruptGrace"/>.
    /// </summary>
    private (bool Finished, ScriptState<object>? State, Exception? Thrown) Run(Script<object> script, CellContext cell)
    {
        var cancellation = cell.Cancellation;
        ScriptState<object>? result = null;
        Exception? thrown = null;
        var previous = _state;
        var finished = _cellThread.Run(() =>
        {
            Cell.Begin(cell);
            try
            {
                var task = previous is null
                    ? script.RunAsync(null, _ => true, CancellationToken.None)
                    : script.RunFromAsync(previous, _ => true, CancellationToken.None);
                result = task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                thrown = e;
            }
            finally
            {
                Cell.End();
            }
        }, cancellation, InterruptGrace);
        return finished ? (true, result, thrown) : (false, null, null);
    }

    /// <summary>A value is shown only for a trailing expression whose type is not void.</summary>
    private static bool HasValue(Script script, SyntaxTree parsed)
    {
        if (CellShape.TrailingExpression(parsed) is null) return false;
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var expression = CellShape.TrailingExpression(tree);
        if (expression is null) return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>Lets the cell thread exit.</summary>
    public void Dispose() => _cellThread.Dispose();
}
