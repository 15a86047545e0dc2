using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>The fused CPU kernels (lib/native/src/target_kernels.cpp, what float32 CPU tensors get) against the
/// tensor-op forms that every other device runs.</summary>
public class TargetKernelsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TrackingMatchesTheTensorOps(bool median)
    {
        using var scope = NewDisposeScope();
        manual_seed(37);
        var grid = new TokenGrid(4, 32, 32, 2, 16);
        var smooth = nn.functional.avg_pool2d(randn(2 * 9, 2, 32, 32) * 6, [5, 5], [1, 1], [2, 2], count_include_pad: false);
        var flows = smooth.reshape(2, 9, 2, 32, 32).narrow(1, 1, 8); // a view with strides over B and F
        long[] starts = [0, 3];
        using var fused = TrajectoryTracker.Track(flows, starts, grid, 2, 5, median);
        using var ops = TrajectoryTracker.TrackWithTensorOps(flows, starts, grid, 2, 5, median);
        TestUtil.Shape(fused.Positions, 2, 8, 4, 6, 2);
        Assert.True((fused.Positions - ops.Positions).abs().max().item<float>() < 1e-3);
        Assert.True((fused.Displacements - ops.Displacements).abs().max().item<float>() < 1e-3);
        Assert.Equal(ops.InView.ToArray<bool>(), fused.InView.ToArray<bool>());
        Assert.True(fused.InView.logical_not().any().item<bool>(), "some trajectories should leave the frame");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TrackingThroughNaNFlowGivesNaNPositionsAndReadsOnlyTheFrame(bool median)
    {
        using var scope = NewDisposeScope();
        var grid = new TokenGrid(4, 32, 32, 2, 16);
        var flows = full(new long[] { 2, 4, 2, 32, 32 }, float.NaN);
        flows[1] = zeros(4, 2, 32, 32); // the second clip stands still
        using var tracks = TrajectoryTracker.Track(flows, [0, 1], grid, 2, 3, median);
        var first = tracks.Positions[0]; // (N, K, L + 1, 2)
        Assert.False(first.select(2, 0).isnan().any().item<bool>(), "the seeds are where they were put");
        Assert.True(first.narrow(2, 1, 3).isnan().all().item<bool>(), "every step through NaN flow is NaN");
        Assert.False(tracks.Positions[1].isnan().any().item<bool>());
        Assert.False(tracks.InView[0].any().item<bool>());
    }

    [Theory]
    [InlineData(4, 6, true, true, true)]
    [InlineData(4, 6, false, true, true)]
    [InlineData(4, 6, true, false, true)]
    [InlineData(4, 6, true, true, false)]
    [InlineData(1, 3, true, true, true)] // one trajectory: its variance's count less one is floored at 1
    [InlineData(16, 0, true, true, true)] // no steps: the shape part alone
    public void TrajectoryPartsMatchTheTensorOps(int k, int length, bool patchNorm, bool mask, bool withShape)
    {
        using var scope = NewDisposeScope();
        manual_seed(59);
        var disp = randn(2, 5, k, length, 2) * 7;
        var shape = withShape ? rand(2, 5, k, Math.Max(length, 1), 9) : null;
        var inView = rand(2, 5, k) > 0.3;
        inView.index_put_(0, 1, 2); // a token with every trajectory out of view
        var fused = TrajectoryParts.Pack(disp, shape, mask ? inView : null, 20, patchNorm);
        var ops = TrajectoryParts.PackWithTensorOps(disp, shape, mask ? inView : null, 20, patchNorm);
        Assert.Equal(ops.Select(p => p.Name), fused.Select(p => p.Name));
        Assert.Equal((length > 0 ? 1 : 0) + (withShape ? 1 : 0), fused.Count);
        foreach (var (f, o) in fused.Zip(ops))
        {
            Assert.Equal(o.Values.shape, f.Values.shape);
            var diff = (f.Values - o.Values).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"{f.Name}: max difference {diff}");
            Assert.Equal(o.Valid is null, f.Valid is null);
            Assert.Equal(o.FeatureValid is null, f.FeatureValid is null);
            if (o.Valid is not null) Assert.Equal(o.Valid.ToArray<bool>(), f.Valid!.ToArray<bool>());
            if (o.FeatureValid is not null) Assert.Equal(o.FeatureValid.ToArray<bool>(), f.FeatureValid!.ToArray<bool>());
        }
        if (mask) Assert.False(fused[0].Valid![1, 2].item<bool>(), "a token without in-view trajectories is invalid");
    }

    [Fact]
    public void TrajectoryPartsNameAMisshapenInput()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => TrajectoryParts.Pack(zeros(1, 2, 4, 3, 2), zeros(1, 2, 3, 3, 9), null, 20, true));
        Assert.Contains("shape (1, 2, 4, L', bins)", error.Message);
        error = Assert.Throws<ArgumentException>(() => TrajectoryParts.Pack(zeros(1, 2, 4, 3, 2), null, zeros(1, 2, 4), 20, true));
        Assert.Contains("inView bool (1, 2, 4)", error.Message);
    }

    [Fact]
    public void TrackingRejectsAStartWithoutEnoughFlow()
    {
        using var scope = NewDisposeScope();
        var grid = new TokenGrid(4, 32, 32, 2, 16);
        var error = Assert.Throws<TorchException>(() => TrajectoryTracker.Track(zeros(1, 4, 2, 32, 32), [0, 2], grid, 2, 3));
        Assert.Contains("start 2 of 3 steps needs flow frames up to 4 but there are 4", error.Message);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void OrientationHistogramsMatchTheTensorOps(bool soft, bool signed)
    {
        using var scope = NewDisposeScope();
        manual_seed(41);
        // integer grey levels (the same in every channel, so that their mean is exact): every gradient is a small integer
        // vector, whose angle is either exactly on a bin border (0 or 180 degrees, which both forms get exactly) or far
        // (> 1e-4 rad) from one, so the kernel's polynomial atan2 (about 1e-7 rad from ATen's) bins every pixel as the
        // tensor ops do, hard bins included
        var grey = randint(0, 10, [2, 1, 7, 20, 24]).to(float32);
        var frames = cat([grey, grey, grey], 1).narrow(2, 1, 5); // a view with strides
        var pos = rand(2, 90, 2) * tensor(new float[] { 32, 28 }, [1, 1, 2]) - 3; // some beyond the map: clamped
        var which = randint(0, 5, [2, 90], int64);
        var fused = PointOrientation.Histograms(frames, pos, which, 8, 4, 9, signed, soft);
        var ops = PointOrientation.HistogramsWithTensorOps(frames, pos, which, 8, 4, 9, signed, soft);
        TestUtil.Shape(fused, 2, 90, 9);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max difference {diff}");
        Assert.True(ops.abs().max().item<float>() > 1, "the histograms should not be empty");
    }

    [Fact]
    public void SoftOrientationHistogramsOfRealValuedFramesMatchTheTensorOps()
    {
        // soft bins are continuous in the angle, so any frames will do (the trajectory target's case)
        using var scope = NewDisposeScope();
        manual_seed(43);
        var frames = rand(3, 3, 4, 24, 20);
        var pos = rand(3, 120, 2) * tensor(new float[] { 26, 30 }, [1, 1, 2]) - 3;
        var which = randint(0, 4, [3, 120], int64);
        var fused = PointOrientation.Histograms(frames, pos, which, 8, 4);
        var ops = PointOrientation.HistogramsWithTensorOps(frames, pos, which, 8, 4);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
    }

    [Theory]
    [InlineData(9, 16, 8)] // boxes wider than one vector of 16 columns
    [InlineData(6, 8, 4)] // a bin count the kernel does not specialise
    [InlineData(20, 3, 1)] // more bins than one vector
    [InlineData(32, 17, 8)]
    [InlineData(33, 8, 4)] // beyond the kernel: the tensor ops serve it
    public void OrientationHistogramsOfAnyBinCountAndBoxMatchTheTensorOps(int bins, int k, int pad)
    {
        using var scope = NewDisposeScope();
        manual_seed(47);
        var frames = rand(2, 3, 3, 40, 36);
        var pos = rand(2, 150, 2) * tensor(new float[] { 36 + 2 * pad - k + 6, 40 + 2 * pad - k + 6 }, [1, 1, 2]) - 3;
        var which = randint(0, 3, [2, 150], int64);
        var fused = PointOrientation.Histograms(frames, pos, which, k, pad, bins);
        var ops = PointOrientation.HistogramsWithTensorOps(frames, pos, which, k, pad, bins);
        TestUtil.Shape(fused, 2, 150, bins);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
        Assert.True(ops.sum(2).mean().item<float>() > 0.1, "the histograms should not be empty");
    }

    [Fact]
    public void OrientationHistogramsOfANaNPositionAreNaNAndTheOthersUntouched()
    {
        // a NaN point (from NaN flow) must neither read outside the frame nor spoil other points (the tensor ops, which
        // reject it, check the others)
        using var scope = NewDisposeScope();
        manual_seed(53);
        var frames = rand(1, 3, 2, 24, 24);
        var pos = rand(1, 6, 2) * 20;
        pos.index_put_(float.NaN, 0, 2, 0);
        pos.index_put_(float.NaN, 0, 4, 1);
        var which = tensor(new long[] { 0, 1, 0, 1, 1, 0 }, [1, 6]);
        var fused = PointOrientation.Histograms(frames, pos, which, 8, 4);
        var ops = PointOrientation.HistogramsWithTensorOps(frames, pos.masked_fill(pos.isnan(), 0), which, 8, 4);
        var nan = fused.isnan().any(2)[0].ToArray<bool>();
        Assert.Equal(new[] { false, false, true, false, true, false }, nan);
        var keep = tensor(new long[] { 0, 1, 3, 5 });
        Assert.True((fused.index_select(1, keep) - ops.index_select(1, keep)).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void OrientationHistogramsRejectAFrameOutsideTheClip()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<TorchException>(() => PointOrientation.Histograms(rand(1, 3, 2, 8, 8), rand(1, 2, 2) * 4, tensor(new long[] { 0, 2 }, [1, 2]), 4, 2));
        Assert.Contains("frame_of must index the 2 frames of each clip, got 2", error.Message);
    }

    [Fact]
    public void OrientationHistogramsNameAMisshapenInput()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => PointOrientation.Histograms(rand(1, 3, 2, 8, 8), rand(1, 2, 2), zeros(new long[] { 1, 3 }, int64), 4, 2));
        Assert.Contains("frameOf (1, 2)", error.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    [InlineData(1)]
    public void ComposedFlowsMatchTheTensorOps(int stride)
    {
        using var scope = NewDisposeScope();
        manual_seed(47);
        var smooth = nn.functional.avg_pool2d(randn(2 * 10, 2, 24, 20) * 5, [5, 5], [1, 1], [2, 2], count_include_pad: false);
        var flows = smooth.reshape(2, 10, 2, 24, 20).narrow(1, 1, 9); // a view with strides over B and F
        long[] starts = [0, 3, 9 - stride];
        var fused = FlowOps.Compose(flows, starts, stride);
        var ops = FlowOps.ComposeWithTensorOps(flows, starts, stride);
        TestUtil.Shape(fused, 2, 3, 2, 24, 20);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max difference {diff}");
    }

    [Fact]
    public void ComposingPastTheLastFlowNamesTheFramesNeeded()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => FlowOps.Compose(zeros(1, 4, 2, 8, 8), [2], 3));
        Assert.Contains("needs flow frames up to 4, but the batch carries 4", error.Message);
    }

    [Theory]
    [InlineData(HogVariant.MaskFeat)]
    [InlineData(HogVariant.Mme)]
    public void HogCellsMatchTheTensorOps(HogVariant variant)
    {
        using var scope = NewDisposeScope();
        manual_seed(53);
        // integer levels: gradients are integer vectors, exactly on a bin border or far from one (see above)
        var images = randint(0, 10, [3, 3, 16, 24]).to(float32);
        var fused = Hog.Cells(images, 8, variant);
        var ops = Hog.CellsWithTensorOps(images, 8, variant);
        TestUtil.Shape(fused, 3, 3, 9, 2, 3);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
    }

    [Theory]
    [InlineData(HogVariant.MaskFeat)]
    [InlineData(HogVariant.Mme)]
    public void FlowCellsMatchTheTensorOps(HogVariant variant)
    {
        using var scope = NewDisposeScope();
        manual_seed(59);
        var fields = randint(-6, 7, [4, 2, 16, 16]).to(float32); // integer flow: angles exactly on or far from borders
        var fused = Hog.FlowCells(fields, 8, variant);
        var ops = Hog.FlowCellsWithTensorOps(fields, 8, variant);
        TestUtil.Shape(fused, 4, 1, 9, 2, 2);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
    }

    [Fact]
    public void SoftCellsOfRealValuedImagesMatchTheTensorOps()
    {
        using var scope = NewDisposeScope();
        manual_seed(61);
        var images = rand(2, 3, 16, 16);
        Assert.True((Hog.Cells(images, 8, HogVariant.Mme) - Hog.CellsWithTensorOps(images, 8, HogVariant.Mme)).abs().max().item<float>() < 1e-5);
        var fields = randn(2, 2, 16, 16);
        Assert.True((Hog.FlowCells(fields, 8, HogVariant.Mme) - Hog.FlowCellsWithTensorOps(fields, 8, HogVariant.Mme)).abs().max().item<float>() < 1e-5);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    public void InvertedFlowsMatchTheTensorOps(int iterations)
    {
        using var scope = NewDisposeScope();
        manual_seed(67);
        var flows = nn.functional.avg_pool2d(randn(6, 2, 20, 24) * 5, [5, 5], [1, 1], [2, 2], count_include_pad: false);
        var fused = FlowOps.Invert(flows, iterations);
        var ops = FlowOps.InvertWithTensorOps(flows, iterations);
        TestUtil.Shape(fused, 6, 2, 20, 24);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max difference {diff}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PixelCubesMatchTheTensorOps(bool normalize)
    {
        using var scope = NewDisposeScope();
        manual_seed(79);
        var grid = new TokenGrid(4, 32, 48, 2, 16);
        var clip = rand(2, 3, 6, 32, 48).narrow(2, 1, 4); // a view with strides
        var fused = PixelTarget.Values(clip, grid, normalize);
        var ops = PixelTarget.ValuesWithTensorOps(clip, grid, normalize);
        TestUtil.Shape(fused, 2, 12, 2 * 16 * 16 * 3);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max difference {diff}");
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)] // half the clip: the last four frames pair with the first four
    public void FrameDifferenceCubesMatchTheTensorOps(int gap, bool normalize)
    {
        using var scope = NewDisposeScope();
        manual_seed(83);
        var grid = new TokenGrid(8, 32, 16, 2, 16);
        var clip = rand(2, 3, 10, 32, 16).narrow(2, 1, 8); // a view with strides
        var fused = FrameDifferenceTarget.Values(clip, grid, gap, normalize);
        var ops = FrameDifferenceTarget.ValuesWithTensorOps(clip, grid, gap, normalize);
        TestUtil.Shape(fused, 2, 8, 2 * 16 * 16 * 3);
        var diff = (fused - ops).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max difference {diff}");
        Assert.True(ops.abs().max().item<float>() > 0.5, "the differences should not be empty");
    }

    [Fact]
    public void FrameDifferenceCubesRejectAGapBeyondHalfTheClip()
    {
        using var scope = NewDisposeScope();
        var grid = new TokenGrid(4, 16, 16, 2, 16);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FrameDifferenceTarget.Values(rand(1, 3, 4, 16, 16), grid, 3, true));
        Assert.Contains("gap must be in [1, 2]", error.Message);
    }
}
