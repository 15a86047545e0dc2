using Kit.Display.Plotly;

namespace Kit.Display.Tests.Plotly;

[Collection("display host")]
public sealed class PlotlyLibraryTests
{
    [Fact]
    public void StandalonePageInlinesPlotlyAndNotebookFragmentsDoNot()
    {
        if (PlotlyLibrary.Locate() is null)
            Assert.Fail("plotly.js is not installed: run tools/kernel/setup-kernel.sh (npm ci)");
        var figure = new Figure("offline").Bar(["a"], [1]);
        var page = figure.ToStandaloneHtml();
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains(PlotlyLibrary.Script[..200], page);
        Assert.DoesNotContain(PlotlyLibrary.Script[..200], figure.ToHtml());
        var library = PlotlyLibrary.Output();
        Assert.Contains(PlotlyLibrary.Script[..200], (string)library.Data[MimeBundle.Html]);
        Assert.False(PlotlyLibrary.Draws(library));
    }

    [Fact]
    public void ChartsAreRecognisedInFiguresAndInHtmlHoldingThem()
    {
        var figure = new Figure("t").Bar(["a"], [1]);
        Assert.True(PlotlyLibrary.Draws(figure.ToMimeBundle()));
        Assert.True(PlotlyLibrary.Draws(new MimeBundle("x").With(MimeBundle.Html, "<h1>r</h1>" + figure.ToHtml())));
        Assert.False(PlotlyLibrary.Draws(new Table("a").AddRow(1).ToMimeBundle()));
    }

    [Fact]
    public void FragmentsShowANoteUntilTheirScriptRunsAndKnowWhereTheServerHasPlotly()
    {
        var previous = Environment.GetEnvironmentVariable(PlotlyLibrary.KernelspecVariable);
        Environment.SetEnvironmentVariable(PlotlyLibrary.KernelspecVariable, ".net-csharp");
        try
        {
            var html = new Figure("t").Bar(["a"], [1]).ToHtml();
            // The note is plain HTML outside the script: what an untrusted notebook (scripts stripped) shows.
            var note = html.IndexOf("this page did not run", StringComparison.Ordinal);
            Assert.InRange(note, 0, html.IndexOf("<script", StringComparison.Ordinal));
            Assert.Contains("var spec = \".net-csharp\";", html);
            Assert.Contains("kernelspecs/", html);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlotlyLibrary.KernelspecVariable, previous);
        }
    }

    [Fact]
    public void ExplicitPathThatDoesNotExistIsAnError()
    {
        var previous = Environment.GetEnvironmentVariable(PlotlyLibrary.EnvironmentVariable);
        Environment.SetEnvironmentVariable(PlotlyLibrary.EnvironmentVariable, "/nonexistent/plotly.js");
        try
        {
            Assert.Throws<FileNotFoundException>(() => PlotlyLibrary.Locate());
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlotlyLibrary.EnvironmentVariable, previous);
        }
    }
}
