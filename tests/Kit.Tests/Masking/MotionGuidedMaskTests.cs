using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using Kit.Tests.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

public class MotionGuidedMaskTests
{
    private static readonly TokenGrid Grid = new(8, 32, 32, 2, 8); // 4 slots x 16 tokens

    [Theory]
    [InlineData(VisibleSampling.FrameLevel)]
    [InlineData(VisibleSampling.ClipLevel)]
    public void VisibleCountsAreExact(VisibleSampling sampling)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var batch = Synthetic.Batch(rand(2, 3, 8, 32, 32), 2, null, nn.functional.avg_pool2d(randn(30, 2, 32, 32) * 2, [7, 7], [1, 1], [3, 3]).reshape(2, 15, 2, 32, 32));
        var r = new MotionGuidedMask(new MotionGuidedConfig(0.75, Sampling: sampling, Exposure: true)).Generate(batch, Grid);
        TestUtil.Shape(r.Visible, 2, 16);
        Assert.Equal(2 * 16, (!r.Mask).sum().item<long>());
        if (sampling == VisibleSampling.FrameLevel)
            Assert.All((!r.Mask).reshape(2, 4, 16).sum(2).ToArray<long>(), n => Assert.Equal(4, n));
    }

    [Theory]
    [InlineData(BaseFrame.First)]
    [InlineData(BaseFrame.Middle)]
    [InlineData(BaseFrame.Random)]
    public void WithoutMotionTokenRandomIsATube(BaseFrame baseFrame)
    {
        using var scope = NewDisposeScope();
        using var batch = Synthetic.Batch(rand(2, 3, 8, 32, 32), 2, null, zeros(2, 15, 2, 32, 32));
        var r = new MotionGuidedMask(new MotionGuidedConfig(0.75, baseFrame, InitialMap.TokenRandom)).Generate(batch, Grid);
        var slots = r.Mask.reshape(2, 4, 16);
        for (var s = 1; s < 4; s++) Assert.True(slots[.., s].eq(slots[.., 0]).all().item<bool>());
    }

    [Fact]
    public void ExposureReshufflesTheVisibleTokensOfOneSlot()
    {
        using var scope = NewDisposeScope();
        // without motion the warped mixed-Gaussian map is the same in every slot, so the mask is a tube; exposure
        // (MGMAE: Gaussian noise on one random frame's mask map) re-draws one slot's visible tokens
        using var batch = Synthetic.Batch(rand(8, 3, 8, 32, 32), 2, null, zeros(8, 15, 2, 32, 32));
        manual_seed(5);
        var plain = new MotionGuidedMask(new MotionGuidedConfig(0.75, BaseFrame.First)).Generate(batch, Grid).Mask.reshape(8, 4, 16);
        for (var s = 1; s < 4; s++) Assert.True(plain[.., s].eq(plain[.., 0]).all().item<bool>());
        manual_seed(5);
        var exposed = new MotionGuidedMask(new MotionGuidedConfig(0.75, BaseFrame.First, Exposure: true)).Generate(batch, Grid).Mask.reshape(8, 4, 16);
        var changed = exposed.ne(plain).sum(2); // (clip, slot) tokens that differ from the tube
        Assert.True(((changed > 0).sum(1) <= 1).all().item<bool>(), "at most one slot per clip is exposed");
        // 4 visible of 16 per slot: N(0, 1) on the token-level map re-draws most of them (measured at seed 5: 42 mask
        // entries changed over 8 clips, i.e. 21 of the 32 exposed visible tokens moved; unscaled noise changed none)
        Assert.True(changed.sum().item<long>() >= 16, $"exposure changed only {changed.sum().item<long>()} tokens over 8 clips");
    }

    [Fact]
    public void VisibleTokensFollowTheMotion()
    {
        using var scope = NewDisposeScope();
        // content moves 4 px right per sampled frame (2 raw steps of 2 px): one token column per slot of 2 frames
        var flow = Synthetic.ConstantFlow(1, 15, 32, 32, 2, 0);
        using var batch = Synthetic.Batch(rand(1, 3, 8, 32, 32), 2, null, flow);
        var mg = new MotionGuidedMask(new MotionGuidedConfig(0.75, BaseFrame.First, InitialMap.TokenRandom, Fill: HoleFill.Invisible));
        manual_seed(11);
        var r = mg.Generate(batch, Grid);
        var vis = (!r.Mask).reshape(4, 4, 4).to(float32); // (slot, row, col)
        var colMass = vis.sum(1); // (slot, col)
        var cols = arange(0, 4, 1, float32);
        var centres = (colMass * cols).sum(1) / colMass.sum(1);
        var c = centres.ToArray<float>();
        // visible tokens drift right slot by slot (tokens pushed past the right edge leave)
        Assert.True(c[1] >= c[0] && c[2] >= c[1], $"column centres {string.Join(", ", c)} should not move left");
        Assert.True(c[2] > c[0], $"column centres {string.Join(", ", c)} should move right");
    }

    [Fact]
    public void MissingFlowFailsNamingTheSetting()
    {
        using var batch = Synthetic.Batch(rand(1, 3, 8, 32, 32), 2);
        var e = Assert.Throws<ArgumentException>(() => new MotionGuidedMask(new MotionGuidedConfig()).Generate(batch, Grid));
        Assert.Contains("Flow = Offline", e.Message);
        Assert.Equal(TargetNeeds.Flow, new MotionGuidedMask(new MotionGuidedConfig()).Needs);
        Assert.Equal(TargetNeeds.None, new MotionGuidedMask(new MotionGuidedConfig(Flow: MaskFlowSource.Online)).Needs);
    }

    [Fact]
    public void OnlineFlowRunsFromTheClipAlone()
    {
        using var scope = NewDisposeScope();
        using var batch = Synthetic.Batch(Synthetic.Moving(1, 3, 8, 32, 32, 1, 0), 1);
        foreach (var both in new[] { false, true })
        {
            var mg = new MotionGuidedMask(new MotionGuidedConfig(0.75, Flow: MaskFlowSource.Online, EstimateBackward: both));
            var r = mg.Generate(batch, Grid);
            Assert.Equal(16, (!r.Mask).sum().item<long>());
            // content moves +1 px per frame: forward flow ~ +1, backward ~ -1 in the interior
            var (fwd, bwd) = mg.Flows(batch, Grid);
            TestUtil.Close(1, fwd[.., .., 0, 8..24, 8..24].median().item<float>(), 0.15);
            TestUtil.Close(-1, bwd[.., .., 0, 8..24, 8..24].median().item<float>(), 0.15);
        }
    }

    [Fact]
    public void InitialMapsHaveTheirShapes()
    {
        using var scope = NewDisposeScope();
        var g = InitialMaps.MixedGaussian(2, Grid, 3, 8, CPU);
        TestUtil.Shape(g, 2, 32, 32);
        TestUtil.Close(1, g.amax([1L, 2L]).min().item<float>(), 1e-6);
        var t = InitialMaps.TokenRandom(2, Grid, 3, CPU);
        Assert.Equal(2 * 3 * 64, t.eq(1).sum().item<long>());
        Assert.True(t.min().item<float>() > 0); // in-frame hidden pixels stay non-zero
        var p = InitialMaps.PixelRandom(2, Grid, 0.9, CPU);
        Assert.Equal(2 * (long)Math.Round(0.1 * 1024), p.eq(1).sum().item<long>());
    }
}
