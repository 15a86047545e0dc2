using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

public sealed class CodePointsTests
{
    [Fact]
    public void SurrogatePairsCountAsOneCodePoint()
    {
        const string text = "a\U0001F600b";
        Assert.Equal(3, CodePoints.Length(text));
        Assert.Equal(3, CodePoints.ToUtf16(text, 2));
        Assert.Equal(2, CodePoints.FromUtf16(text, 3));
    }
}
