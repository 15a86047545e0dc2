using Kit.Torch;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training;

/// <summary>The fp16 loss scaler's rule, on float32 gradients made to overflow or not (no float16 needed).</summary>
public class GradScalerTests
{
    [Fact]
    public void UnscaleDividesGradientsByTheScale()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(ones(3));
        var s = new GradScaler(initScale: 1024);
        s.scale((p * tensor(new float[] { 1, 2, 3 })).sum()).backward();
        Assert.Equal([1024f, 2048f, 3072f], p.grad!.ToArray<float>());
        Assert.False(s.unscale_([p]));
        Assert.Equal([1f, 2f, 3f], p.grad!.ToArray<float>());
    }

    [Fact]
    public void OverflowIsFoundAndBacksOffTheScale()
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(ones(2));
        var b = new Parameter(ones(2));
        var s = new GradScaler(initScale: 65536, growthInterval: 3);
        // 1e35 x 65536 overflows float32: the step's gradients hold inf.
        s.scale((a * 1e35f).sum() + b.sum()).backward();
        var found = s.unscale_([a, b]);
        Assert.True(found);
        s.update(found);
        Assert.Equal(32768, s.Scale);
        Assert.Equal(1, s.SkippedSteps);
        var nan = new Parameter(ones(1));
        (nan * float.NaN).sum().backward();
        Assert.True(s.unscale_([nan]));
    }

    [Fact]
    public void ScaleGrowsAfterTheIntervalOfCleanSteps()
    {
        var s = new GradScaler(initScale: 8, growthFactor: 2, backoffFactor: 0.5, growthInterval: 3);
        s.update(false);
        s.update(false);
        Assert.Equal(8, s.Scale);
        s.update(false);
        Assert.Equal(16, s.Scale);
        Assert.Equal(0, s.GrowthTracker);
        s.update(false);
        s.update(true);
        Assert.Equal(8, s.Scale);
        Assert.Equal(0, s.GrowthTracker);
    }

    [CudaFact]
    public void Fp16TrainingOnTheGpuSkipsOverflowingStepsAndLearns()
    {
        var c = Fakes.TestRuns.Pretrain(steps: 30) with { Device = "cuda", Precision = "fp16", LogEvery = 1 };
        var request = Fakes.TestRuns.Request(c.Model) with { Device = Device.CUDA };
        using var t = new Pretrainer(c, new Fakes.CubePixelTarget(c.Model.Grid, normalize: false), new Fakes.RandomTokenMask(0.75), new Fakes.MovingSquareSource(request), Fakes.TestRuns.TempDir());
        var r = t.Run();
        Assert.True(r.Log[^1].Loss < r.Log[0].Loss);
        Assert.All(t.Model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }
}
