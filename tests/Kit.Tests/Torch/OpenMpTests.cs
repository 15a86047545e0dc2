using Kit.Torch;

namespace Kit.Tests.Torch;

public class OpenMpTests
{
    [Fact]
    public void OpenMpLoadedWithAShortSpinUnlessTheUserChose()
    {
        // The test host's own environment is the managed copy of what the process started with.
        var policy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        var spin = Environment.GetEnvironmentVariable("GOMP_SPINCOUNT");
        var userChose = policy is not null || spin is not null;
        Assert.Equal(policy ?? "", OpenMp.WaitPolicyAtLoad);
        Assert.Equal(userChose ? spin ?? "" : "300", OpenMp.SpinCountAtLoad);
    }

    [Fact]
    public void OpenBlasLoadedWithAShortThreadTimeoutUnlessTheUserChose()
    {
        var timeout = Environment.GetEnvironmentVariable("OPENBLAS_THREAD_TIMEOUT");
        var userChose = timeout is not null || Environment.GetEnvironmentVariable("GOTO_THREAD_TIMEOUT") is not null;
        Assert.Equal(userChose ? timeout ?? "" : "14", OpenMp.OpenBlasThreadTimeoutAtLoad);
    }
}
