using Kit.Masking;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

public class MapWarpTests
{
    private const int H = 8, W = 16, T = 5;

    /// <summary>Content moving right by <paramref name="d"/> pixels per frame: forward flow (+d, 0), backward (-d, 0).</summary>
    private static (Tensor fwd, Tensor bwd) Translation(double d)
    {
        var fwd = tensor(new float[] { (float)d, 0 }, [1, 1, 2, 1, 1]).expand(1, T - 1, 2, H, W).contiguous();
        return (fwd, -fwd);
    }

    private static Tensor Blob()
    {
        var m = full([1, H, W], 1e-8);
        m[0, 3..5, 7..9] = ones(2, 2);
        return m;
    }

    [Theory]
    [InlineData(MapWarping.Backward)]
    [InlineData(MapWarping.Forward)]
    public void MapFollowsATranslationOnBothSidesOfTheBase(MapWarping warping)
    {
        using var scope = NewDisposeScope();
        var (fwd, bwd) = Translation(1);
        var maps = MapWarp.Propagate(Blob(), fwd, bwd, tensor(new long[] { 2 }), warping, HoleFill.Invisible, 0.9);
        TestUtil.Shape(maps, 1, T, H, W);
        for (var k = 0; k < T; k++)
        {
            var shift = k - 2;
            var peak = maps[0, k, 3, ..].argmax().item<long>();
            Assert.True(peak == 7 + shift, $"frame {k}: blob at column {peak}, expected {7 + shift}");
            TestUtil.Close(1, maps[0, k, 3, 8 + shift].item<float>(), 1e-6);
            TestUtil.Close(2 * 2, maps[0, k].sum().item<float>(), 1e-4);
        }
    }

    [Fact]
    public void TheReleaseVariantMovesFramesBeforeTheBaseTheWrongWay()
    {
        using var scope = NewDisposeScope();
        var (fwd, bwd) = Translation(1);
        var maps = MapWarp.Propagate(Blob(), fwd, bwd, tensor(new long[] { 2 }), MapWarping.Backward, HoleFill.Invisible, 0.9, releaseDirectionBug: true);
        Assert.Equal(7 + 1, maps[0, 1, 3, ..].argmax().item<long>()); // should be 6: content was further left one frame earlier
        Assert.Equal(7 + 1, maps[0, 3, 3, ..].argmax().item<long>()); // after the base it stays right
    }

    [Fact]
    public void SubPixelTranslationMovesTheMassCentre()
    {
        using var scope = NewDisposeScope();
        var (fwd, bwd) = Translation(0.5);
        var maps = MapWarp.Propagate(Blob(), fwd, bwd, tensor(new long[] { 0 }), MapWarping.Backward, HoleFill.Invisible, 0.9);
        var cols = arange(0, W, 1, float32);
        var mass = maps[0, 2].sum(0L); // 0L: a literal 0 would bind to sum(ScalarType) and sum as uint8
        var centre = (mass * cols).sum().item<float>() / mass.sum().item<float>();
        TestUtil.Close(7.5 + 1.0, centre, 1e-4);
    }

    [Theory]
    [InlineData(HoleFill.Invisible)]
    [InlineData(HoleFill.Visible)]
    [InlineData(HoleFill.Previous)]
    [InlineData(HoleFill.Tube)]
    [InlineData(HoleFill.Random)]
    public void EachHoleFillingFillsExactlyTheHolePixels(HoleFill fill)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var previous = rand(1, H, W) * 0.5 + 0.25;
        var initial = rand(1, H, W) * 0.5 + 0.25;
        var flow = tensor(new float[] { -2, 0 }, [1, 2, 1, 1]).expand(1, 2, H, W).contiguous();
        var (warped, hole) = MapWarp.Backward(previous, flow);
        // out(x) = prev(x - 2): columns 0 and 1 sample from outside the frame
        var expectedHole = zeros([1, H, W], @bool);
        expectedHole[.., .., 0..2] = ones([1, H, 2], @bool);
        Assert.True(hole.eq(expectedHole).all().item<bool>());
        var filled = MapWarp.Fill(warped, hole, fill, previous, initial, 0.5);
        Assert.True(filled[.., .., 2..].allclose(previous[.., .., ..^2], 1e-5, 1e-6), "non-hole pixels must keep the warped value");
        var holes = filled[.., .., 0..2];
        switch (fill)
        {
            case HoleFill.Invisible: Assert.True(holes.eq(0).all().item<bool>()); break;
            case HoleFill.Visible: Assert.True(holes.eq(1).all().item<bool>()); break;
            case HoleFill.Previous: Assert.True(holes.eq(previous[.., .., 0..2]).all().item<bool>()); break;
            case HoleFill.Tube: Assert.True(holes.eq(initial[.., .., 0..2]).all().item<bool>()); break;
            case HoleFill.Random:
                Assert.True((holes.eq(0) | holes.eq(1)).all().item<bool>());
                var big = MapWarp.Fill(zeros(1, 200, 200), ones([1, 200, 200], @bool), fill, zeros(1, 200, 200), zeros(1, 200, 200), 0.3);
                TestUtil.Close(0.7, big.mean().item<float>(), 0.03); // hidden with probability rho
                break;
        }
    }

    [Fact]
    public void ForwardSplattingHolesAreWhereNothingLands()
    {
        using var scope = NewDisposeScope();
        var map = rand(1, H, W);
        var flow = tensor(new float[] { 3, 0 }, [1, 2, 1, 1]).expand(1, 2, H, W).contiguous();
        var (warped, hole) = MapWarp.Forward(map, flow);
        Assert.True(hole[.., .., 0..3].all().item<bool>());
        Assert.False(hole[.., .., 3..].any().item<bool>());
        Assert.True(warped[.., .., 3..].allclose(map[.., .., ..^3], 1e-5, 1e-6));
    }
}
