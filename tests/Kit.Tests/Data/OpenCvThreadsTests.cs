using Kit.Data;

namespace Kit.Tests.Data;

public class OpenCvThreadsTests
{
    [Fact]
    public void Limit_SetsTheCountAndRestoresIt()
    {
        var before = OpenCvThreads.Get();
        using (OpenCvThreads.Limit(1)) Assert.Equal(1, OpenCvThreads.Get());
        Assert.Equal(before, OpenCvThreads.Get());
        Assert.Throws<ArgumentOutOfRangeException>(() => OpenCvThreads.Set(0));
    }
}
