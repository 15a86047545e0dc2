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
        var result = Ok(NewSession().Execute("1+1", "Cell[1]", CancellationToken.None));
        Assert.True(result.HasValue);
        Assert.Equal(2, result.Value);
    }
}
