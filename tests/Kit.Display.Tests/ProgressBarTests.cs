using Kit.Display;

namespace Kit.Display.Tests;

public sealed class ProgressBarTests
{
    [Fact]
    public void InANotebookItUpdatesOneDisplayAndEndsComplete()
    {
        var sink = new RecordingSink();
        using (var bar = new ProgressBar(3, "epoch", sink, TextWriter.Null, redirected: false))
            for (var i = 0; i < 3; i++) bar.Tick(status: $"loss {i}");
        Assert.Equal("show", sink.Events[0].Kind);
        Assert.All(sink.Events, e => Assert.Equal(sink.Events[0].Id, e.Id));
        Assert.Contains("3/3 100", sink.Events[^1].Bundle.Text);
        Assert.Contains("loss 2", sink.Events[^1].Bundle.Text);
        Assert.Contains("<progress value=\"3\" max=\"3\"", (string)sink.Events[^1].Bundle.Data["text/html"]);
    }

    [Fact]
    public void RedirectedOutputGetsALinePerTenth()
    {
        var log = new StringWriter();
        using (var bar = new ProgressBar(100, "", new RecordingSink(supportsUpdate: false), log, redirected: true))
            for (var i = 0; i < 100; i++) bar.Tick();
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Contains("100/100", lines[^1]);
    }

    [Fact]
    public void TerminalRewritesOneLine()
    {
        var terminal = new StringWriter();
        using (var bar = new ProgressBar(2, "x", new RecordingSink(supportsUpdate: false), terminal, redirected: false))
            bar.Tick(2);
        Assert.StartsWith("\r", terminal.ToString());
        Assert.Single(terminal.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
