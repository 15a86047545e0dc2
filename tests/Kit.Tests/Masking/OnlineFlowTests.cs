using Kit.Masking;
using Kit.Tests.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

public class OnlineFlowTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.5, -1.5)]
    [InlineData(0.4, 0.7)]
    public void RecoversATranslationInTheInterior(double dx, double dy)
    {
        using var scope = NewDisposeScope();
        var clip = Synthetic.Moving(1, 3, 2, 48, 48, dx, dy); // frame 1 = frame 0 moved by (dx, dy)
        var f0 = clip.select(2, 0);
        var f1 = clip.select(2, 1);
        var flow = new OnlineFlow(new OnlineFlowConfig()).Estimate(f0, f1);
        TestUtil.Shape(flow, 1, 2, 48, 48);
        var inner = flow[.., .., 8..40, 8..40];
        TestUtil.Close(dx, inner.select(1, 0).median().item<float>(), 0.1);
        TestUtil.Close(dy, inner.select(1, 1).median().item<float>(), 0.1);
    }
}
