using Kit.Torch;

namespace Kit.Tests.Torch;

public class OpenMpTests
{
    [Fact]
    public void OpenMpLoadedWithPassiveWaitUnlessTheUserChose()
    {
        // The test host's own environment is the managed copy of what the process started with.
        var user = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        var expected = user ?? (Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is null ? "PASSIVE" : "");
        Assert.Equal(expected, OpenMp.WaitPolicyAtLoad);
    }
}
