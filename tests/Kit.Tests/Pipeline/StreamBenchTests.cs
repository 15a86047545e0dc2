using Kit.Experiments;
using Kit.Pipeline;

namespace Kit.Tests.Pipeline;

public class StreamBenchTests
{
    [Fact]
    public void MeasuresEverySettingAgainstTheScalesTrainingStep()
    {
        var r = StreamBench.Run(Scale.Smoke, batches: 1);
        Assert.Equal(["clip", "clip+raw+oracle flow", "clip+raw+DIS flow", "frame+motion target (oracle flow)", "trajectory target (oracle flow)", "trajectory target (dis flow)"],
            r.Rates.Select(x => x.Setting));
        Assert.All(r.Rates, x => Assert.True(x.ClipsPerSecond > 0 && double.IsFinite(x.ClipsPerSecond), x.Setting));
        Assert.All(r.Rates, x => Assert.Equal(x.ClipsPerSecond / r.PretrainClipsPerSecond, x.OverTraining, 6));
        Assert.Equal((8, 32, 64), (r.Model.Frames, r.Model.Size, r.Model.Tokens));
    }
}
