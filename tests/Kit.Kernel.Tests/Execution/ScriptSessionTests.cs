using Kit.Display;
using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

public sealed class ScriptSessionTests
{
    private static ScriptSession NewSession() => new(new NuGetRestorer(Path.GetTempPath()), _ => { });

    private static ExecutionOutcome.Success Ok(ExecutionOutcome outcome) =>
        outcome as ExecutionOutcome.Success ?? throw new Xunit.Sdk.XunitException(
            "expected success, got " + string.Join("\n", ((ExecutionOutcome.Failure)outcome).Traceback));

    [Fact]
    public void TrailingExpressionIsTheResult()
    {
        using var session = NewSession();
        var result = Ok(session.Execute("1+1", new CellContext("Cell[1]", CancellationToken.None)));
        Assert.True(result.HasValue);
        Assert.Equal(2, result.Value);
    }
}

public sealed class ScriptSessionStateTests
{
    private static ScriptSession NewSession() => new(new NuGetRestorer(Path.GetTempPath()), _ => { });

    [Fact]
    public void StateCarriesAcrossCellsAndVoidHasNoValue()
    {
        using var session = NewSession();
        Assert.IsType<ExecutionOutcome.Success>(session.Execute("var x = 20;", new CellContext("Cell[1]", CancellationToken.None)));
        var result = (ExecutionOutcome.Success)session.Execute("x + 1", new CellContext("Cell[2]", CancellationToken.None));
        Assert.Equal(21, result.Value);
        Assert.False(((ExecutionOutcome.Success)session.Execute("Console.Write(\"\")", new CellContext("Cell[3]", CancellationToken.None))).HasValue);
    }

    [Fact]
    public void ExceptionsNameTheCellLine()
    {
        using var session = NewSession();
        var failure = (ExecutionOutcome.Failure)session.Execute("var a = 1;\nthrow new ArgumentException(\"bad\");", new CellContext("Cell[7]", CancellationToken.None));
        Assert.Equal("ArgumentException", failure.Name);
        Assert.Contains(failure.Traceback, line => line.Trim() == "at Cell[7], line 2");
        Assert.DoesNotContain(failure.Traceback, line => line.Contains("Submission#"));
    }

    [Fact]
    public void FramesOfMethodsAndLambdasDeclaredInCellsReadAsTheirNames()
    {
        using var session = NewSession();
        Assert.IsType<ExecutionOutcome.Success>(session.Execute("int Fail(int x)\n{\n    throw new InvalidOperationException(\"no\");\n}", new CellContext("Cell[1]", CancellationToken.None)));
        var failure = (ExecutionOutcome.Failure)session.Execute("Func<int, int> f = x => Fail(x);\nf(1);", new CellContext("Cell[2]", CancellationToken.None));
        var frames = failure.Traceback.Skip(1).Select(l => l.Trim()).ToList();
        Assert.Equal(["at Fail(Int32 x) in Cell[1], line 3", "at a lambda in Cell[2], line 1", "at Cell[2], line 2"], frames);
    }

    [Fact]
    public void RelativeReferencesResolveAgainstTheWorkingDirectory()
    {
        var folder = Directory.CreateTempSubdirectory("kit-ref-");
        File.Copy(typeof(Xunit.FactAttribute).Assembly.Location, Path.Combine(folder.FullName, "xunit.core.dll"));
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(folder.FullName);
        try
        {
            using var session = NewSession();
            var result = session.Execute("#r \"xunit.core.dll\"\ntypeof(Xunit.FactAttribute).Name", new CellContext("Cell[1]", CancellationToken.None));
            Assert.Equal("FactAttribute", Assert.IsType<ExecutionOutcome.Success>(result).Value);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }
}
