using Kit.Masking;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

/// <summary>MapWarp.Propagate's fused CPU kernel (lib/native/src/target_kernels.cpp) against its tensor-op form, which
/// every other device runs.</summary>
public class PropagateKernelTests
{
    private static (Tensor initial, Tensor forward, Tensor backward, Tensor bases) Inputs()
    {
        manual_seed(71);
        var (b, t, h, w) = (3, 5, 16, 20);
        var smooth = nn.functional.avg_pool2d(randn(b * (t - 1), 2, h, w) * 4, [5, 5], [1, 1], [2, 2], count_include_pad: false);
        var forward = smooth.reshape(b, t - 1, 2, h, w);
        var backward = (-forward).contiguous(); // not the true inverse: the two paths need only the same inputs
        var initial = rand(b, h, w);
        return (initial, forward, backward, tensor(new long[] { 0, 2, 4 }));
    }

    [Theory]
    [InlineData(MapWarping.Backward, HoleFill.Invisible, false)]
    [InlineData(MapWarping.Backward, HoleFill.Visible, true)]
    [InlineData(MapWarping.Backward, HoleFill.Previous, false)]
    [InlineData(MapWarping.Backward, HoleFill.Tube, false)]
    [InlineData(MapWarping.Forward, HoleFill.Invisible, false)]
    [InlineData(MapWarping.Forward, HoleFill.Previous, true)]
    [InlineData(MapWarping.Forward, HoleFill.Tube, false)]
    public void MapsMatchTheTensorOps(MapWarping warping, HoleFill fill, bool releaseBug)
    {
        using var scope = NewDisposeScope();
        var (initial, forward, backward, bases) = Inputs();
        var fused = MapWarp.Propagate(initial, forward, backward, bases, warping, fill, 0.9, releaseBug);
        var ops = MapWarp.PropagateWithTensorOps(initial, forward, backward, bases, warping, fill, 0.9, releaseBug);
        TestUtil.Shape(fused, 3, 5, 16, 20);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
    }

    [Theory]
    [InlineData(MapWarping.Backward)]
    [InlineData(MapWarping.Forward)]
    public void FlowFarOutsideTheFrameMakesHolesAsTheTensorOpsDo(MapWarping warping)
    {
        // positions millions of pixels away (the kernel clamps them before its integer maths) and exactly on the
        // border lines -1 and w
        using var scope = NewDisposeScope();
        var (initial, forward, backward, bases) = Inputs();
        forward.index_put_(3e6, 0, 1, 0);
        forward.index_put_(-3e6, 1, 2, 1);
        backward.index_put_(-1e7, 2, 0, 0);
        var columns = arange(0, 20, 1, float32, CPU).reshape(1, 20);
        backward[1, 3, 0] = -columns - 1; // every sample on the line x = -1: all holes
        var fused = MapWarp.Propagate(initial, forward, backward, bases, warping, HoleFill.Visible, 0.9);
        var ops = MapWarp.PropagateWithTensorOps(initial, forward, backward, bases, warping, HoleFill.Visible, 0.9);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
    }

    [Fact]
    public void NaNFlowGivesAZeroSampleWithoutReadingOutsideTheMap()
    {
        using var scope = NewDisposeScope();
        var (initial, forward, backward, bases) = Inputs();
        backward.index_put_(float.NaN, 0, 1, 0, 3, 4);
        var fused = MapWarp.Propagate(initial, forward, backward, bases, MapWarping.Backward, HoleFill.Visible, 0.9);
        // clip 0's base is frame 0: frame 2 samples frame 1 through backward flow 1
        Assert.Equal(0f, fused[0, 2, 3, 4].item<float>());
        var ops = MapWarp.PropagateWithTensorOps(initial, forward, backward, bases, MapWarping.Backward, HoleFill.Visible, 0.9);
        Assert.True((fused[1] - ops[1]).abs().max().item<float>() < 1e-5, "the other clips are untouched");
    }

    [Theory]
    [InlineData(0.0)] // every hole visible
    [InlineData(1.0)] // every hole hidden
    public void RandomFillingAtCertainOddsMatchesTheTensorOps(double rho)
    {
        using var scope = NewDisposeScope();
        var (initial, forward, backward, bases) = Inputs();
        var fused = MapWarp.Propagate(initial, forward, backward, bases, MapWarping.Backward, HoleFill.Random, rho);
        var ops = MapWarp.PropagateWithTensorOps(initial, forward, backward, bases, MapWarping.Backward, HoleFill.Random, rho);
        Assert.True((fused - ops).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void RandomFillingHidesAboutRhoOfTheHoles()
    {
        using var scope = NewDisposeScope();
        manual_seed(73);
        // content moving 8 pixels right every frame: a later frame samples its source at x - 8, so its left 8 columns
        // are holes
        var (b, t, h, w) = (4, 3, 32, 32);
        var forward = zeros(b, t - 1, 2, h, w);
        forward.select(2, 0).fill_(8);
        var maps = MapWarp.Propagate(ones(b, h, w), forward, -forward, zeros(new long[] { b }, int64), MapWarping.Backward, HoleFill.Random, 0.75);
        var holes = maps.narrow(1, 1, t - 1).narrow(3, 0, 8);
        var hidden = holes.eq(0).to(float32).mean().item<float>();
        Assert.InRange(hidden, 0.68, 0.82);
    }
}
