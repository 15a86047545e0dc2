using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class ClipGeometryTests
{
    [Fact]
    public void IdentityGeometry_GivesTheFramesAsCTHW_In0To1()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var frames = randint(0, 256, [3, 8, 10, 3], uint8);
        var x = new ClipGeometry(0, 0, 10, 8, 8, 10, false).ApplyToFrames(frames);
        TestUtil.Shape(x, 3, 3, 8, 10);
        Assert.True(x.allclose(frames.permute(3, 0, 1, 2).to(float32) / 255.0));
        var flipped = new ClipGeometry(0, 0, 10, 8, 8, 10, true).ApplyToFrames(frames);
        Assert.True(flipped.allclose(x.flip(3)));
        var cropped = new ClipGeometry(2, 1, 5, 4, 4, 5, false).ApplyToFrames(frames);
        Assert.True(cropped.allclose(x.narrow(2, 1, 4).narrow(3, 2, 5)));
    }

    [Fact]
    public void FlowValues_ScaleWithTheResize_AndFlipNegatesDx()
    {
        using var scope = NewDisposeScope();
        var flow = cat([full([2, 1, 64, 64], 2.0), full([2, 1, 64, 64], 1.0)], 1);
        var zoom = new ClipGeometry(8, 8, 32, 16, 64, 64, false).ApplyToFlow(flow);
        TestUtil.Shape(zoom, 2, 2, 64, 64);
        TestUtil.Close(4, zoom[.., 0].mean().item<float>(), 1e-6, "dx x2");
        TestUtil.Close(4, zoom[.., 1].mean().item<float>(), 1e-6, "dy x4");
        var flip = new ClipGeometry(0, 0, 64, 64, 32, 32, true).ApplyToFlow(flow);
        TestUtil.Close(-1, flip[.., 0].mean().item<float>(), 1e-6, "dx halved and negated");
        TestUtil.Close(0.5, flip[.., 1].mean().item<float>(), 1e-6, "dy halved");
        var release = new ClipGeometry(8, 8, 32, 16, 64, 64, true).ApplyToFlow(flow, rescale: false);
        TestUtil.Close(-2, release[.., 0].mean().item<float>(), 1e-6, "MME release: dx only negated");
        TestUtil.Close(1, release[.., 1].mean().item<float>(), 1e-6, "MME release: dy unchanged");
    }

    [Fact]
    public void AugmentedFlowMatchesFlowOfAugmentedFrames()
    {
        // The geometry is right when "augment, then compute flow" equals "compute flow, then augment".
        using var scope = NewDisposeScope();
        var a = OpticalFlowTests.Texture(64, 64, 21);
        var frames = stack([a, OpticalFlowTests.Shifted(a, 3, 1)]);
        var g = new ClipGeometry(8, 4, 48, 40, 72, 96, true);
        var flowThenAugment = g.ApplyToFlow(OpticalFlow.Compute(frames, new FlowConfig(FlowMethod.Dis)).Flow);
        var augFrames = (g.ApplyToFrames(frames) * 255).round().to(uint8).permute(1, 2, 3, 0).contiguous();
        var augmentThenFlow = OpticalFlow.Compute(augFrames, new FlowConfig(FlowMethod.Dis)).Flow;
        var inner = (Tensor t, int c) => t[0, c].narrow(0, 16, 40).narrow(1, 16, 64).median().item<float>();
        TestUtil.Close(-6, inner(flowThenAugment, 0), 0.3, "dx: 3 px x 2 (resize), negated (flip)");
        TestUtil.Close(1.8, inner(flowThenAugment, 1), 0.15, "dy: 1 px x 1.8");
        TestUtil.Close(inner(augmentThenFlow, 0), inner(flowThenAugment, 0), 0.4, "dx agrees");
        TestUtil.Close(inner(augmentThenFlow, 1), inner(flowThenAugment, 1), 0.3, "dy agrees");
    }

    [Fact]
    public void MapPoint_MovesPointsAsFlowValuesMoveThem()
    {
        var g = new ClipGeometry(10, 20, 40, 30, 80, 45, true);
        var (x0, y0) = g.MapPoint(20, 30);
        var (x1, y1) = g.MapPoint(23, 31);
        TestUtil.Close(-3 * g.ScaleX, x1 - x0, 1e-9, "dx");
        TestUtil.Close(1 * g.ScaleY, y1 - y0, 1e-9, "dy");
    }

    [Fact]
    public void ACropOutsideTheFrame_IsRejectedWithItsNumbers()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new ClipGeometry(40, 0, 32, 32, 16, 16, false).ApplyToFrames(zeros([1, 32, 64, 3], uint8)));
        Assert.Contains("does not fit a 64x32 frame", e.Message);
    }
}
