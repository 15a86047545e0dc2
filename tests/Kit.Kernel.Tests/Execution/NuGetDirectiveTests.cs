using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

public sealed class NuGetDirectiveTests
{
    [Fact]
    public void DirectivesAreExtractedAndTheirLinesCommentedOut()
    {
        var (code, found) = NuGetDirective.Extract("#r \"nuget: Markdig, 0.37.0\"\n#r \"nuget:Humanizer\"\n#r \"local.dll\"\n1");
        Assert.Equal([new NuGetDirective("Markdig", "0.37.0"), new NuGetDirective("Humanizer", null)], found);
        Assert.Equal(4, code.Split('\n').Length);
        Assert.StartsWith("// #r", code.Split('\n')[0]);
        Assert.Equal("#r \"local.dll\"", code.Split('\n')[2]);
    }
}
