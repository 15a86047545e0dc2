using Kit.Cli;

namespace Kit.Tests.Cli;

/// <summary>The dispatcher's error handling (KitCli.cs): no exception escapes a command.</summary>
public class KitCliTests
{
    private sealed class Throwing(Exception e) : ICommand
    {
        public string Name => "throwing";
        public string Summary => "throws";
        public CommandHelp Help => new("", [], ["./kit throwing"]);
        public int Run(Args args) => throw e;
    }

    public static TheoryData<Exception, string> Failures() => new()
    {
        { new OverflowException("Arithmetic operation resulted in an overflow."), "overflow. (OverflowException; KIT_DEBUG=1 shows where)" },
        { new NullReferenceException("Object reference not set"), "Object reference not set (NullReferenceException" },
        { new ArgumentOutOfRangeException("ratio", "ratio must be in (0, 1)"), "error: ratio must be in (0, 1)" },
        { new AggregateException(new IOException("disk full")), "error: disk full" },
        { new Kit.Torch.TorchException("video read", "video 'x.avi': frame 3 could not be decoded"), "video 'x.avi'" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void AnyExceptionIsOneLineAndExitCodeOne(Exception failure, string expected)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, KitCli.Execute(new Throwing(failure), [], stderr));
        var text = stderr.ToString();
        Assert.StartsWith("kit throwing: error: ", text);
        Assert.Contains(expected, text);
        Assert.DoesNotContain("(Parameter", text);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void UsageMistakesExitTwoAndPointAtTheHelp()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, KitCli.Execute(new Throwing(new UsageException("--ratio expects a number, got 'x'")), [], stderr));
        Assert.Equal("kit throwing: --ratio expects a number, got 'x' (see ./kit throwing --help)", stderr.ToString().TrimEnd());
    }
}
