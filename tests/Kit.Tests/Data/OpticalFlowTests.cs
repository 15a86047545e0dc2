using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class OpticalFlowTests
{
    /// <summary>A smooth random texture (H, W, 3) uint8: blurred noise, so every flow method has gradients to follow.</summary>
    internal static Tensor Texture(int h, int w, ulong seed)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var coarse = rand([1, 3, h / 4, w / 4]);
        var img = nn.functional.interpolate(coarse, [h, w], "bilinear") * 200 + 28;
        return scope.MoveToOuter(img[0].permute(1, 2, 0).round().to(uint8).contiguous());
    }

    /// <summary>Frame b = frame a shifted right by dx and down by dy (content moves by (dx, dy)).</summary>
    internal static Tensor Shifted(Tensor a, long dx, long dy) => a.roll([dy, dx], [0, 1]);

    [Theory]
    [InlineData(FlowMethod.Tvl1)]
    [InlineData(FlowMethod.Farneback)]
    [InlineData(FlowMethod.Dis)]
    public void PureTranslation_RecoversTheShift(FlowMethod method)
    {
        using var scope = NewDisposeScope();
        var a = Texture(64, 64, 7);
        var frames = stack([a, Shifted(a, 3, -2)]);
        using var r = OpticalFlow.Compute(frames, new FlowConfig(method));
        TestUtil.Shape(r.Flow, 1, 2, 64, 64);
        var inner = r.Flow[0].narrow(1, 12, 40).narrow(2, 12, 40);
        TestUtil.Close(3, inner[0].median().item<float>(), 0.1, $"{method} dx");
        TestUtil.Close(-2, inner[1].median().item<float>(), 0.1, $"{method} dy");
        Assert.Null(r.Inliers);
    }

    [Fact]
    public void Bound_ClampsDisplacements_AndStrideSkipsFrames()
    {
        using var scope = NewDisposeScope();
        var a = Texture(64, 64, 9);
        var frames = stack([a, Shifted(a, 2, 0), Shifted(a, 4, 0)]);
        using var r = OpticalFlow.Compute(frames, new FlowConfig(FlowMethod.Dis, Stride: 2, Bound: 1.5));
        TestUtil.Shape(r.Flow, 1, 2, 64, 64);
        Assert.True(r.Flow.abs().max().item<float>() <= 1.5f + 1e-6);
        TestUtil.Close(1.5, r.Flow[0, 0].narrow(0, 16, 32).narrow(1, 16, 32).median().item<float>(), 1e-6, "clamped dx");
    }

    [Theory]
    [InlineData(FlowFeature.Orb)]
    [InlineData(FlowFeature.Akaze)]
    public void Compensation_RemovesACameraPan_AndKeepsObjectMotion(FlowFeature feature)
    {
        using var scope = NewDisposeScope();
        // Camera pans: the whole textured scene shifts by (4, 1); a small object additionally moves 5 px further.
        var a = Texture(96, 96, 11);
        var b = Shifted(a, 4, 1).clone();
        var patch = Texture(16, 16, 12);
        a.narrow(0, 40, 16).narrow(1, 30, 16).copy_(patch);
        b.narrow(0, 41, 16).narrow(1, 39, 16).copy_(patch);
        var frames = stack([a, b]);
        using var plain = OpticalFlow.Compute(frames, new FlowConfig(FlowMethod.Tvl1));
        using var comp = OpticalFlow.Compute(frames, new FlowConfig(FlowMethod.Tvl1, Compensate: true, Feature: feature));
        var bg = plain.Flow[0, 0].narrow(0, 8, 24).narrow(1, 8, 80);
        TestUtil.Close(4, bg.median().item<float>(), 0.15, "plain background dx");
        var bgc = comp.Flow[0].narrow(1, 8, 24).narrow(2, 8, 80);
        Assert.True(bgc.abs().median().item<float>() < 0.3, $"compensated background should be still, median |flow| {bgc.abs().median().item<float>()}");
        Assert.True(comp.Inliers![0].item<long>() >= 12);
        var obj = comp.Flow[0, 0].narrow(0, 44, 8).narrow(1, 34, 8);
        TestUtil.Close(5, obj.median().item<float>(), 0.6, "object dx relative to camera");
    }

    [Fact]
    public void Compensation_FallsBackToPlainFlowOnAFeaturelessFrame()
    {
        using var scope = NewDisposeScope();
        var flat = full([2, 48, 48, 3], 90, uint8);
        using var r = OpticalFlow.Compute(flat, new FlowConfig(FlowMethod.Farneback, Compensate: true));
        Assert.Equal(-1, r.Inliers![0].item<long>());
        Assert.Equal(0f, r.Flow.abs().max().item<float>());
    }

    [Fact]
    public void RealFootage_VtestFlowIsFiniteAndBounded()
    {
        using var scope = NewDisposeScope();
        var frames = VideoFile.Read(VideoFileTests.Vtest, [100, 101]);
        var small = nn.functional.interpolate(frames.permute(0, 3, 1, 2).@float(), [144, 192], "bilinear").round().clamp(0, 255).to(uint8).permute(0, 2, 3, 1).contiguous();
        using var r = OpticalFlow.Compute(small, new FlowConfig(FlowMethod.Dis));
        Assert.True(r.Flow.isfinite().all().item<bool>());
        Assert.True(r.Flow.abs().max().item<float>() <= 20);
        // pedestrians move, the static camera's background does not: some pixels move, most do not
        var moving = (r.Flow.square().sum(1).sqrt() > 0.5).@float().mean().item<float>();
        Assert.InRange(moving, 0.005, 0.5);
    }

    [Fact]
    public void RealFootage_CompensationRemovesASyntheticPan()
    {
        // A camera pan on real footage: consecutive vtest frames seen through a window that moves 6 px right and 3 px
        // down, so the static background appears to move by (-6, -3) on top of the pedestrians' own motion.
        using var scope = NewDisposeScope();
        var both = VideoFile.Read(VideoFileTests.Vtest, [200, 201]);
        var a = both[0].narrow(0, 100, 192).narrow(1, 200, 256);
        var b = both[1].narrow(0, 103, 192).narrow(1, 206, 256);
        var frames = stack([a, b]).contiguous();
        using var plain = OpticalFlow.Compute(frames, new FlowConfig(FlowMethod.Dis));
        using var comp = OpticalFlow.Compute(frames, new FlowConfig(FlowMethod.Dis, Compensate: true));
        TestUtil.Close(-6, plain.Flow[0, 0].median().item<float>(), 0.3, "plain dx = the pan");
        TestUtil.Close(-3, plain.Flow[0, 1].median().item<float>(), 0.3, "plain dy = the pan");
        Assert.True(comp.Inliers![0].item<long>() >= 12);
        Assert.True(comp.Flow[0].abs().median().item<float>() < 0.3, $"compensated background should be still, median |flow| {comp.Flow[0].abs().median().item<float>()}");
    }
}
