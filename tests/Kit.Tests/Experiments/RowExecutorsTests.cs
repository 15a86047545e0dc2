using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Experiments;

namespace Kit.Tests.Experiments;

/// <summary>The tests that touch the process-wide executor registration run one at a time.</summary>
[CollectionDefinition("RowExecutors", DisableParallelization = true)]
public sealed class RowExecutorsCollection;

[Collection("RowExecutors")]
public class RowExecutorsTests
{
    [Fact]
    public async Task WithoutARegisteredExecutorRunsFailWithTheReason()
    {
        // Another test of this process may have run a command, which registers the kit's trainer: take it away here.
        var registered = RowExecutors.Register(null);
        try
        {
            // The kit ships no default that would invent numbers.
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner.RunAsync(TinyTable.Create(), Scale.Smoke));
            Assert.Contains("No row executor is registered", e.Message);
            var cli = Assert.Throws<InvalidOperationException>(() => new AblationCommand().Run(new Args(["mme-t5", "--scale", "smoke", "--out", Path.GetTempPath()])));
            Assert.Contains("No row executor is registered", cli.Message);
        }
        finally
        {
            RowExecutors.Register(registered);
        }
    }

    [Fact]
    public void ARegisteredExecutorBecomesTheDefault()
    {
        var fake = new FakeRowExecutor();
        var previous = RowExecutors.Register(fake);
        try { Assert.Same(fake, RowExecutors.Default); }
        finally { Assert.Same(fake, RowExecutors.Register(previous)); }
        Assert.Same(previous, RowExecutors.Registered);
    }
}
