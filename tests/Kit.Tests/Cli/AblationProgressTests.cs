using Kit.Cli.Commands;
using Kit.Experiments;

namespace Kit.Tests.Cli;

/// <summary>`kit ablation` / `kit run` say when each row starts, with the time left estimated from the rows run so far.</summary>
public class AblationProgressTests
{
    [Fact]
    public void RowStartsAreAnnouncedWithAnEstimateOnceARowFinished()
    {
        var (output, progress) = (new StringWriter(), new StringWriter());
        var printer = new AblationCommand.LinePrinter(output, progress);
        printer.Report(new RunProgress(RunEvent.Started, "t", "HOG", 0, 0, 3));
        printer.Report(new RunProgress(RunEvent.Step, "t", "HOG", 0, 0, 3, Step: null));
        printer.Report(new RunProgress(RunEvent.Finished, "t", "HOG", 0, 1, 3, Value: 0.5));
        printer.Report(new RunProgress(RunEvent.Started, "t", "Pixel", 0, 1, 3));
        var lines = progress.ToString().TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("  [0/3] HOG seed 0: started", lines[0]);
        Assert.StartsWith("  [1/3] Pixel seed 0: started; about ", lines[1]);
        Assert.EndsWith("left for the 2 row(s) to run", lines[1]);
        Assert.Equal("  [1/3] HOG seed 0: 0.5", output.ToString().TrimEnd());
    }
}
