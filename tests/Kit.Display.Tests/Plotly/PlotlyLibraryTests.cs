using Kit.Display.Plotly;

namespace Kit.Display.Tests.Plotly;

[Collection("display host")]
public sealed class PlotlyLibraryTests
{
    [Fact]
    public void StandalonePageInlinesPlotlyAndInlineOnceInlinesOnce()
    {
        if (PlotlyLibrary.Locate() is null)
            Assert.Fail("plotly.js is not installed: run tools/kernel/setup-kernel.sh (npm ci)");
        var page = new Figure("offline").Bar(["a"], [1]).ToStandaloneHtml();
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains(PlotlyLibrary.Script[..200], page);
        PlotlyLibrary.ResetSession();
        Assert.NotEmpty(PlotlyLibrary.InlineOncePerSession());
        Assert.Empty(PlotlyLibrary.InlineOncePerSession());
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
