using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training;

public class MixupTests
{
    [Theory]
    [InlineData(0.8, 0.0)]
    [InlineData(0.0, 1.0)]
    [InlineData(0.8, 1.0)]
    public void SoftTargetsSumToOneAndCarryLambda(double mixup, double cutmix)
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        var clip = rand(4, 3, 4, 16, 16);
        var labels = tensor(new long[] { 0, 1, 2, 3 });
        for (var trial = 0; trial < 5; trial++)
        {
            var (mixed, targets, lam) = Mixup.Apply(clip, labels, 5, 0.1, new MixupConfig(mixup, cutmix));
            TestUtil.Shape(mixed, 4, 3, 4, 16, 16);
            var sums = targets.sum(1).ToArray<float>();
            Assert.All(sums, s => Assert.InRange(s, 1 - 1e-5, 1 + 1e-5));
            // Clip 0 is mixed with clip 3: its own label carries lam (smoothed), the partner's 1 - lam.
            var row = targets[0].ToArray<float>();
            TestUtil.Close(lam * 0.92 + (1 - lam) * 0.02, row[0], 1e-5);
            TestUtil.Close(lam * 0.02 + (1 - lam) * 0.92, row[3], 1e-5);
            Assert.InRange(lam, 0, 1);
        }
    }

    [Fact]
    public void CutmixCutsTheSameBoxFromEveryFrame()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        var clip = zeros(2, 3, 4, 16, 16);
        clip[1].fill_(1);
        var (mixed, _, lam) = Mixup.Apply(clip, tensor(new long[] { 0, 1 }), 2, 0, new MixupConfig(0, 1.0));
        var frames = mixed[0, 0];                                                      // (T, H, W) of clip 0: ones inside the box
        var first = frames[0];
        for (var t = 1; t < 4; t++) Assert.True(frames[t].eq(first).all().item<bool>(), $"frame {t} has a different cutmix box");
        TestUtil.Close(1 - lam, first.mean().item<double>(), 1e-6);
    }

    [Fact]
    public void OffLeavesClipAndGivesSmoothedOneHot()
    {
        using var scope = NewDisposeScope();
        var clip = rand(2, 3, 2, 8, 8);
        var (mixed, targets, lam) = Mixup.Apply(clip, tensor(new long[] { 1, 0 }), 4, 0.2, new MixupConfig(0, 0));
        Assert.Equal(1.0, lam);
        Assert.True(mixed.allclose(clip));
        TestUtil.Close([0.05f, 0.85f, 0.05f, 0.05f], targets[0].ToArray<float>(), 1e-6);
    }
}
