using Kit.Display;

namespace Kit.Display.Tests;

[Collection("display host")]
public sealed class NotebookTests
{
    [Fact]
    public void DisplayThenUpdateUsesOneDisplayId()
    {
        var sink = new RecordingSink();
        var previous = DisplayHost.Attach(sink);
        try
        {
            var handle = Notebook.display("step 0");
            handle.Update("step 1");
            "step 2".Display();
        }
        finally
        {
            DisplayHost.Attach(previous);
        }
        Assert.Equal(["show", "update", "show"], sink.Events.Select(e => e.Kind));
        Assert.Equal(sink.Events[0].Id, sink.Events[1].Id);
        Assert.NotEqual(sink.Events[0].Id, sink.Events[2].Id);
        Assert.Equal("step 1", sink.Events[1].Bundle.Text);
    }

    [Fact]
    public void WithoutAKernelDisplayPrintsPlainText()
    {
        var writer = new StringWriter();
        var previous = DisplayHost.Attach(new ConsoleDisplaySink(writer));
        try
        {
            Notebook.display(new Table("a").AddRow(1)).Update(42);
        }
        finally
        {
            DisplayHost.Attach(previous);
        }
        Assert.Equal("a\n-\n1\n42\n", writer.ToString().Replace("\r", ""));
    }
}
