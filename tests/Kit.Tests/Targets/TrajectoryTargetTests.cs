using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class TrajectoryTargetTests
{
    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 16);

    private static TrajectoryTarget Make(TrajectoryConfig c, int stride = 2) => new(c, new TargetContext(Grid, 3, stride));

    [Theory]
    [InlineData(1.5, -0.75)]
    [InlineData(0.3, 0.2)]
    public void PureTranslationGivesTheShiftAndOutOfViewOnlyAtTheBorder(double dx, double dy)
    {
        using var scope = NewDisposeScope();
        var cfg = new TrajectoryConfig(Length: 4, PatchNorm: false, Shape: false, DisplacementScale: 1);
        var target = Make(cfg);
        var flow = Synthetic.ConstantFlow(1, target.RequiredFlowFrames, 32, 32, dx, dy);
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, flow);
        var parts = target.Compute(batch, Grid);
        var pos = parts[0].Values.reshape(1, Grid.Tokens, 2, 4, 4); // (component, step, trajectory)
        var fv = parts[0].FeatureValid!.reshape(1, Grid.Tokens, 2, 4, 4);
        // every in-view trajectory moves exactly (dx, dy) per step
        var ok = fv.to(float32);
        Assert.True(((pos.select(2, 0) - dx).abs() * ok.select(2, 0)).max().item<float>() < 1e-5);
        Assert.True(((pos.select(2, 1) - dy).abs() * ok.select(2, 1)).max().item<float>() < 1e-5);
        // a trajectory is flagged out of view exactly when its end point leaves the frame
        var inView = fv[0, .., 0, 0, ..].ToArray<bool>(); // (N, K)
        var seeds = new[] { (4, 4), (12, 4), (4, 12), (12, 12) }; // (x, y) of k = (row, col) row-major
        for (var n = 0; n < Grid.Tokens; n++)
            for (var k = 0; k < 4; k++)
            {
                var cell = n % Grid.TokensPerSlot;
                var x = cell % 2 * 16 + seeds[k].Item1 + 4 * dx;
                var y = cell / 2 * 16 + seeds[k].Item2 + 4 * dy;
                var expected = x >= 0 && x <= 31 && y >= 0 && y <= 31;
                Assert.True(expected == inView[n * 4 + k], $"token {n} trajectory {k}: expected in view {expected}");
            }
    }

    [Fact]
    public void ReleasePatchNormGivesZeroMeanAndUnitStdPerComponentAndStep()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var target = Make(new TrajectoryConfig(Length: 3, Shape: false, OutOfViewMask: false, Norm: TrajectoryNorm.Step));
        var flow = nn.functional.avg_pool2d(randn(7, 2, 32, 32) * 3, [5, 5], [1, 1], [2, 2]).reshape(1, 7, 2, 32, 32);
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, flow.narrow(1, 0, target.RequiredFlowFrames).contiguous());
        var v = target.Compute(batch, Grid)[0].Values.reshape(1, Grid.Tokens, 2, 3, 4);
        Assert.True(v.mean(4).abs().max().item<float>() < 1e-4);
        Assert.True((v.std(4, unbiased: true) - 1).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void PaperPatchNormGivesEachPatchsPartsZeroMeanAndUnitStd()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var target = Make(new TrajectoryConfig(Length: 3, OutOfViewMask: false));
        var raw = rand(1, 3, 16, 32, 32);
        var flow = nn.functional.avg_pool2d(randn(15, 2, 32, 32) * 3, [5, 5], [1, 1], [2, 2]).reshape(1, 15, 2, 32, 32);
        using var batch = Synthetic.Batch(raw.index_select(2, arange(0, 8, 2)).contiguous(), 2, raw, flow);
        var parts = target.Compute(batch, Grid);
        Assert.Equal(["position", "shape"], parts.Select(p => p.Name));
        foreach (var p in parts)
        {
            Assert.True(p.Values.mean([2]).abs().max().item<float>() < 1e-4, $"{p.Name}: per-patch mean");
            Assert.True((p.Values.std(2, unbiased: true) - 1).abs().max().item<float>() < 1e-3, $"{p.Name}: per-patch std");
        }
    }

    [Fact]
    public void PaperPatchNormKeepsARigidTranslationWhichTheReleaseZeroes()
    {
        using var scope = NewDisposeScope();
        // every trajectory of every patch moves 0.75 px right per step: the K trajectories of a patch are equal
        var flow = Synthetic.ConstantFlow(1, 7, 32, 32, 0.75, 0);
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, flow);
        var common = new TrajectoryConfig(Length: 3, Shape: false, OutOfViewMask: false, MedianFilter: false);
        var release = Make(common with { Norm = TrajectoryNorm.Step }).Compute(batch, Grid)[0].Values;
        Assert.True(release.abs().max().item<float>() < 1e-4, "the release's per-step norm zeroes a rigid motion");
        // the paper's: (component, step, trajectory) order, so the first 3 x 4 values are dx and the rest dy
        var paper = Make(common).Compute(batch, Grid)[0].Values.reshape(1, Grid.Tokens, 2, 3 * 4);
        // 12 equal dx and 12 zero dy: +-0.5 c about the mean c / 2, over the unbiased std 0.5 c sqrt(24 / 23)
        var a = Math.Sqrt(23.0 / 24.0);
        Assert.True((paper.select(2, 0) - a).abs().max().item<float>() < 1e-3, "dx: above the patch's mean");
        Assert.True((paper.select(2, 1) + a).abs().max().item<float>() < 1e-3, "dy: below it");
    }

    [Fact]
    public void SparseVariantsKeepOneTrajectoryMeanOrMostSalient()
    {
        using var scope = NewDisposeScope();
        // the right half of the frame moves 2 px/step, the left half 1 px/step
        var flow = Synthetic.ConstantFlow(1, 7, 32, 32, 1, 0).clone();
        flow[.., .., 0, .., 24..] = full([1, 7, 32, 8], 2.0);
        var common = new TrajectoryConfig(Length: 2, PatchNorm: false, Shape: false, DisplacementScale: 1, MedianFilter: false, OutOfViewMask: false);
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, flow);
        var max = Make(common with { Density = TrajectoryDensity.SparseMax }).Compute(batch, Grid)[0].Values;
        var mean = Make(common with { Density = TrajectoryDensity.SparseMean }).Compute(batch, Grid)[0].Values;
        TestUtil.Shape(max, 1, Grid.Tokens, 4);
        // token 1 (top-right patch): trajectories seeded at x = 20 (left of 24) and x = 28 (in the fast half)
        TestUtil.Close(2, max[0, 1, 0].item<float>(), 1e-5);
        TestUtil.Close(1.5, mean[0, 1, 0].item<float>(), 1e-5);
    }

    [Fact]
    public void ShapeFollowsThePointAndHasNineBinsPerStep()
    {
        using var scope = NewDisposeScope();
        var target = Make(new TrajectoryConfig(Length: 2, Interpolate: true, PatchNorm: false));
        Assert.Equal([("position", 2 * 2 * 4), ("shape", 9 * 2 * 4)], target.Parts);
        var raw = Synthetic.Ramp(30, 3, 8, 32, 32);
        using var batch = Synthetic.Batch(raw.index_select(2, arange(0, 8, 2)), 2, raw, Synthetic.ConstantFlow(1, 7, 32, 32, 1, 0));
        var parts = target.Compute(batch, Grid);
        var shape = parts[1].Values.reshape(1, Grid.Tokens, 9, 2, 4);
        // inside the frame, a 30-degree ramp puts everything in bin 1
        Assert.Equal(1, shape[0, 0, .., 0, 3].argmax().item<long>());
        TestUtil.Close(8, shape[0, 0, 1, 0, 3].item<float>(), 1e-3);
    }

    [Fact]
    public void LengthBeyondTheFlowFailsNamingTheLimit()
    {
        using var scope = NewDisposeScope();
        var target = Make(new TrajectoryConfig(Length: 6, Shape: false));
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, Synthetic.ConstantFlow(1, 7, 32, 32, 1, 0));
        var e = Assert.Throws<ArgumentException>(() => target.Compute(batch, Grid));
        Assert.Contains("Length 6", e.Message);
        Assert.Contains("at most 3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(new TrajectoryConfig(Length: 9)));
        Assert.Contains("PointsPerSide 3", Assert.Throws<ArgumentException>(() => Make(new TrajectoryConfig(PointsPerSide: 3))).Message);
    }

    [Fact]
    public void WithoutInterpolationTracksThroughStrideComposedFlow()
    {
        using var scope = NewDisposeScope();
        var target = Make(new TrajectoryConfig(Length: 2, Interpolate: false, PatchNorm: false, Shape: false, DisplacementScale: 1, OutOfViewMask: false));
        Assert.Equal(((4 / 2 - 1) * 2 + 2) * 2, target.RequiredFlowFrames);
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, Synthetic.ConstantFlow(1, 8, 32, 32, 0.5, 0));
        var v = target.Compute(batch, Grid)[0].Values.reshape(1, Grid.Tokens, 2, 2, 4);
        TestUtil.Close(1.0, v[0, 0, 0, 0, 0].item<float>(), 1e-5); // two raw steps of 0.5
    }
}

public class TrajectoryDensityAndLengthTests
{
    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 16);

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 6)]
    [InlineData(4, 4)]
    public void PointsPerSideSetsKAndTheDimensions(int side, int length)
    {
        using var scope = NewDisposeScope();
        var t = new TrajectoryTarget(new TrajectoryConfig(PointsPerSide: side, Length: length, PatchNorm: side > 1), new TargetContext(Grid));
        var k = side * side;
        Assert.Equal([("position", 2 * length * k), ("shape", 9 * length * k)], t.Parts);
        var raw = rand(1, 3, 16, 32, 32);
        using var batch = Synthetic.Batch(raw.index_select(2, arange(0, 8, 2)).contiguous(), 2, raw, Synthetic.ConstantFlow(1, 15, 32, 32, 0.5, 0.25));
        var parts = t.Compute(batch, Grid);
        TestUtil.Shape(parts[0].Values, 1, Grid.Tokens, 2 * length * k);
        TestUtil.Shape(parts[1].Values, 1, Grid.Tokens, 9 * length * k);
    }

    [Fact]
    public void TargetsTellTheDataLayerHowMuchFlowToCarry()
    {
        var grid = new TokenGrid(16, 64, 64, 2, 8);
        var ctx = new TargetContext(grid, 3, 2);
        Assert.Equal(31, ((ITarget)new HogTarget(new HogConfig(), ctx)).FlowFramesNeeded(grid, 2));
        Assert.Equal(28 + 6, ((ITarget)new TrajectoryTarget(new TrajectoryConfig(), ctx)).FlowFramesNeeded(grid, 2));
        Assert.Equal(28 + 6, TargetRegistry.Create("hog+trajectory", ctx).FlowFramesNeeded(grid, 2));
        Assert.Equal(31, ((ITarget)new TrajectoryTarget(new TrajectoryConfig(Length: 2), ctx)).FlowFramesNeeded(grid, 2));
    }

    [Fact]
    public void LengthZeroKeepsOnlyTheAppearanceAtTheSeed()
    {
        var t = new TrajectoryTarget(new TrajectoryConfig(Length: 0), new TargetContext(Grid));
        Assert.Equal([("shape", 9 * 4)], t.Parts);
        Assert.Throws<ArgumentException>(() => new TrajectoryTarget(new TrajectoryConfig(Length: 0, Shape: false), new TargetContext(Grid)));
    }

    [Fact]
    public void CameraCompensationRemovesAPanBeforeTracking()
    {
        using var scope = NewDisposeScope();
        var cfg = new TrajectoryConfig(Length: 2, PatchNorm: false, Shape: false, DisplacementScale: 1, OutOfViewMask: false, Camera: CameraCompensation.Translation);
        using var batch = Synthetic.Batch(rand(1, 3, 4, 32, 32), 2, null, Synthetic.ConstantFlow(1, 7, 32, 32, 3, -2));
        var v = new TrajectoryTarget(cfg, new TargetContext(Grid)).Compute(batch, Grid)[0].Values;
        Assert.True(v.abs().max().item<float>() < 1e-6);
    }
}
