using Kit.Display;
using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class RunProgressBarTests
{
    private sealed class NoSink : IDisplaySink
    {
        public bool SupportsUpdate => false;
        public void Show(MimeBundle bundle, string displayId) { }
        public void Update(MimeBundle bundle, string displayId) { }
    }

    [Fact]
    public async Task OneBarOverAllRowsAndSeedsEndsComplete()
    {
        using var dir = new TempDir();
        var terminal = new StringWriter();
        using var bar = new RunProgressBar((total, label) => new ProgressBar(total, label, new NoSink(), terminal, redirected: true));
        await Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(2, dir.Path, TinyTable.Executor()), bar);
        Assert.Equal(6, bar.Bar!.Total);
        Assert.Equal(6, bar.Bar.Current);
        var lines = terminal.ToString();
        Assert.Contains("tiny [", lines);
        Assert.Contains("6/6 100", lines);
        Assert.Equal("50% seed 1: 100.1", bar.Bar.Status);
    }
}
