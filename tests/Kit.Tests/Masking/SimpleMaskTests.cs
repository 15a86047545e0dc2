using Kit.Data;
using Kit.Masking;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

/// <summary>Random, tube, frame and cube masking (RandomMask.cs, TubeMask.cs, FrameMask.cs, CubeMask.cs, MaskBuilder.cs).</summary>
public class SimpleMaskTests
{
    private static readonly TokenGrid Grid = new(8, 32, 32, 2, 8); // 4 slots x 16 tokens

    private static ClipBatch Batch(int b = 3) => new(zeros(b, 3, 8, 32, 32), null, null, null, 2);

    /// <summary>Mask and visible indices agree, indices ascend, counts are exact.</summary>
    private static void Consistent(MaskResult r, long visible)
    {
        var b = r.Mask.size(0);
        TestUtil.Shape(r.Visible, b, visible);
        Assert.Equal(visible * b, (!r.Mask).sum().item<long>());
        Assert.True((!r.Mask).gather(1, r.Visible).all().item<bool>());
        if (visible > 1) Assert.True((r.Visible[.., 1..] > r.Visible[.., ..^1]).all().item<bool>());
    }

    [Fact]
    public void RandomHidesAnExactCountPerClip()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var batch = Batch();
        var r = new RandomMask(new RandomMaskConfig(0.75)).Generate(batch, Grid);
        Consistent(r, 16);
        Assert.False(r.Mask[0].eq(r.Mask[1]).all().item<bool>());
    }

    [Fact]
    public void TubeRepeatsOneSpatialMaskInEverySlot()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch();
        var r = new TubeMask(new TubeMaskConfig(0.9)).Generate(batch, Grid);
        Consistent(r, 4 * 2); // round(0.9 * 16) = 14 hidden per slot
        var slots = r.Mask.reshape(3, 4, 16);
        for (var s = 1; s < 4; s++) Assert.True(slots[.., s].eq(slots[.., 0]).all().item<bool>());
    }

    [Fact]
    public void FrameMaskHidesWholeSlots()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch();
        var r = new FrameMask(new FrameMaskConfig(0.5)).Generate(batch, Grid);
        Consistent(r, 2 * 16);
        var perSlot = r.Mask.reshape(3, 4, 16).sum(2).ToArray<long>();
        Assert.All(perSlot, n => Assert.True(n == 0 || n == 16));
    }

    [Fact]
    public void CubeMaskIsExactAndBlocky()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var batch = Batch();
        var r = new CubeMask(new CubeMaskConfig(0.4, MinBlockArea: 4)).Generate(batch, Grid);
        Consistent(r, 64 - 26);
        // blocks: most hidden tokens have a hidden 4-neighbour in their slot (random masking at 40% would give ~64%)
        var m = r.Mask.reshape(3, 4, 4, 4).to(float32);
        var pad = nn.functional.pad(m.reshape(12, 1, 4, 4), [1, 1, 1, 1]);
        var k = tensor(new float[] { 0, 1, 0, 1, 0, 1, 0, 1, 0 }, [1, 1, 3, 3]);
        var neighbours = nn.functional.conv2d(pad, k).reshape(3, 4, 4, 4);
        var frac = ((neighbours > 0).to(float32) * m).sum().item<float>() / m.sum().item<float>();
        Assert.True(frac > 0.8, $"only {frac:P0} of hidden tokens touch another");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.2)]
    [InlineData(-0.1)]
    public void RatioOutsideTheOpenIntervalFails(double ratio)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomMask(new RandomMaskConfig(ratio)));
        Assert.Contains("ratio must be in (0, 1)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TubeMask(new TubeMaskConfig(ratio)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionGuidedMask(new MotionGuidedConfig(ratio)));
    }

    [Fact]
    public void RatioThatRoundsToNothingFails()
    {
        using var batch = Batch(1);
        var e = Assert.Throws<ArgumentException>(() => new FrameMask(new FrameMaskConfig(0.05)).Generate(batch, Grid));
        Assert.Contains("temporal slots", e.Message);
    }

    [Fact]
    public void RegistryBuildsEveryStrategyFromJson()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch(2);
        foreach (var e in MaskRegistry.Entries.Where(e => e.Name != "motion-guided"))
            Consistent(MaskRegistry.Create(e.Name, """{"Ratio": 0.5}""").Generate(batch, Grid), e.Name == "tube" ? 32 : 32);
        var mg = (MotionGuidedMask)MaskRegistry.Create("motion-guided", """{"Base": "First", "Fill": "Random", "Flow": "Online"}""");
        Assert.Equal(new MotionGuidedConfig(Base: BaseFrame.First, Fill: HoleFill.Random, Flow: MaskFlowSource.Online), mg.Config);
        Assert.Contains("known:", Assert.Throws<ArgumentException>(() => MaskRegistry.Create("tubes")).Message);
    }
}
