using Kit.Demo;
using Kit.Torch;

namespace Kit.Tests.Demo;

public class CountingDemoTests
{
    [Fact]
    public void LearnsToCountAndTheReloadedCheckpointAgrees()
    {
        var dir = Directory.CreateTempSubdirectory("kit-demo-").FullName;
        try
        {
            var r = CountingDemo.Run(new CountingDemoConfig(Steps: 250, Device: "cpu"), dir);
            Assert.True(r.FinalLoss < r.FirstLoss / 4, $"loss {r.FirstLoss} -> {r.FinalLoss}");
            Assert.True(r.TestAccuracy > 0.8, $"accuracy {r.TestAccuracy}");
            Assert.True(r.ReloadedAccuracy > 0.8, $"reloaded accuracy {r.ReloadedAccuracy}");
            using var archive = TensorArchive.Load(r.Checkpoint);
            Assert.Contains("\"Steps\":250", archive.Meta);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
