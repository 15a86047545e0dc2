using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class ClipNormalizeTests
{
    [Fact]
    public void SubtractsMeanAndDividesByStdPerChannel()
    {
        using var scope = NewDisposeScope();
        var clip = full([2, 3, 4, 5, 5], 0.5);
        var y = ClipNormalize.Apply(clip);
        for (var c = 0; c < 3; c++)
            TestUtil.Close((0.5 - ClipNormalize.ImageNetMean[c]) / ClipNormalize.ImageNetStd[c], y[.., c].mean().item<float>(), 1e-5, $"channel {c}");
        var e = Assert.Throws<ArgumentException>(() => ClipNormalize.Apply(zeros(1, 2, 1, 1, 1)));
        Assert.Contains("2 channels", e.Message);
    }
}
