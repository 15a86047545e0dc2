using Kit.Tests.Training.Fakes;
using Kit.Training;

namespace Kit.Tests.Training;

public class CudaTrainingTests
{
    [CudaFact]
    public void PretrainsAndFinetunesOnTheGpu()
    {
        var c = TestRuns.Pretrain(steps: 20) with { Device = "cuda" };
        var dir = TestRuns.TempDir();
        var request = TestRuns.Request(c.Model) with { Device = Kit.Torch.Device.CUDA };
        using (var t = new Pretrainer(c, new CubePixelTarget(c.Model.Grid, normalize: false), new RandomTokenMask(0.75), new MovingSquareSource(request), dir))
        {
            var r = t.Run();
            Assert.True(double.IsFinite(r.LastLoss));
            Assert.All(t.Model.parameters(), p => Assert.Equal(Kit.Torch.DeviceType.CUDA, p.device.Type));
        }
        var f = new FinetuneConfig(new ComponentConfig("test-squares"), From: Path.Combine(dir, "checkpoint.pt"), Steps: 5, Device: "cuda");
        using var ft = new Finetuner(f, r => new MovingSquareSource(r, 16), TestRuns.TempDir());
        var (_, eval) = ft.Run();
        Assert.Equal(16, eval.Videos);
    }
}
