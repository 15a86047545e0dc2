using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

public sealed class CancellationRewriterTests
{
    private const string Check = "global::Kit.Display.Cell.Checkpoint();";

    private static int Checkpoints(string code) =>
        CancellationRewriter.Instrument(code, CellShape.ParseOptions).Split(Check).Length - 1;

    [Fact]
    public void EveryLoopBodyAndMethodBodyGetsACheckpoint()
    {
        Assert.Equal(1, Checkpoints("while (true) { }"));
        Assert.Equal(1, Checkpoints("for (;;) x++;"));
        Assert.Equal(1, Checkpoints("do { } while (true);"));
        Assert.Equal(1, Checkpoints("foreach (var i in xs) ;"));
        Assert.Equal(2, Checkpoints("int F() { while (true) { } }"));
        Assert.Equal(1, Checkpoints("Action a = () => { };"));
        Assert.Equal(0, Checkpoints("var y = 1 + 2;"));
    }

    [Fact]
    public void LineNumbersAreKept()
    {
        var code = "var a = 1;\nwhile (a > 0)\n    a--;\nthrow new Exception();";
        var instrumented = CancellationRewriter.Instrument(code, CellShape.ParseOptions);
        Assert.Equal(code.Split('\n').Length, instrumented.Split('\n').Length);
        Assert.StartsWith("throw", instrumented.Split('\n')[3]);
    }
}
