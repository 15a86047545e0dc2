using Kit.Data;
using Kit.Masking;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

/// <summary>MGMAE's paper defaults and the release as a named variant (MotionGuidedConfig.Variant, InitialMaps).</summary>
public class MgmaeVariantTests
{
    [Theory]
    [InlineData(MgmaeVariant.Paper, 196, 0.9, 19)]      // floor(0.1 x 196) = floor(19.6)
    [InlineData(MgmaeVariant.Release, 196, 0.9, 20)]    // 196 - round(176.4)
    [InlineData(MgmaeVariant.Paper, 16, 0.75, 4)]       // exact in decimal, 3.999... in binary: still 4
    [InlineData(MgmaeVariant.Paper, 64, 0.9, 6)]
    [InlineData(MgmaeVariant.Paper, 16, 0.95, 1)]       // floor(0.8) = 0 would show nothing: one stays visible
    [InlineData(MgmaeVariant.Release, 16, 0.95, 1)]     // 16 - round(15.2)
    [InlineData(MgmaeVariant.Release, 64, 0.9, 6)]
    public void VisibleTokensPerSlot(MgmaeVariant variant, int tokens, double ratio, int visible) =>
        Assert.Equal(visible, new MotionGuidedConfig(Ratio: ratio, Variant: variant).VisiblePerSlot(tokens));

    [Theory]
    [InlineData(MgmaeVariant.Paper, 19)]
    [InlineData(MgmaeVariant.Release, 20)]
    public void MasksKeepThatManyTokensVisibleInEverySlot(MgmaeVariant variant, int visible)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var grid = new TokenGrid(4, 224, 224, 2, 16);
        var mask = new MotionGuidedMask(new MotionGuidedConfig(Variant: variant, Flow: MaskFlowSource.Offline));
        var flow = zeros([1, 7, 2, 224, 224]);
        var r = mask.Generate(new ClipBatch(rand([1, 3, 4, 224, 224]), null, flow, null, 2), grid);
        var visiblePerSlot = (!r.Mask).to(int64).reshape(1, grid.Slots, grid.TokensPerSlot).sum(2);
        Assert.True(visiblePerSlot.eq(visible).all().item<bool>());
    }

    [Theory]
    [InlineData(MgmaeVariant.Paper)]
    [InlineData(MgmaeVariant.Release)]
    public void MixedGaussianMatchesItsFormula(MgmaeVariant variant)
    {
        using var scope = NewDisposeScope();
        // one row of two 16-px patches, both centres chosen: (7.5, 7.5) and (23.5, 7.5)
        var grid = new TokenGrid(2, 16, 32, 2, 16);
        var map = InitialMaps.MixedGaussian(1, grid, 2, 16, Kit.Torch.Device.CPU, variant)[0];
        var expected = new double[16, 32];
        var max = 0.0;
        for (var y = 0; y < 16; y++)
            for (var x = 0; x < 32; x++)
            {
                double G(double cx) => variant == MgmaeVariant.Paper
                    ? Math.Exp(-((x - cx) * (x - cx) + (y - 7.5) * (y - 7.5)) / (2 * 16.0 * 16.0))
                    : Math.Exp(-(Math.Pow((x - cx) / 16, 2) + Math.Pow((y - 7.5) / 16, 2)));
                expected[y, x] = variant == MgmaeVariant.Paper ? G(7.5) + G(23.5) : Math.Max(G(7.5), G(23.5));
                max = Math.Max(max, expected[y, x]);
            }
        for (var y = 0; y < 16; y += 5)
            for (var x = 0; x < 32; x += 3)
                TestUtil.Close(expected[y, x] / max, map[y, x].item<float>(), 1e-5, $"({x}, {y})");
        // the sum peaks between the two centres, the maximum at them
        var between = map[7, 15].item<float>();
        var atCentre = map[7, 7].item<float>();
        Assert.True(variant == MgmaeVariant.Paper ? between > atCentre : between < atCentre);
    }

    [Fact]
    public void TheVariantIsAMaskSetting()
    {
        var m = (MotionGuidedMask)MaskRegistry.Create(new MaskSpec("motion-guided", System.Text.Json.Nodes.JsonNode.Parse("{\"Variant\": \"Release\"}")!.AsObject()));
        Assert.Equal(MgmaeVariant.Release, m.Config.Variant);
        Assert.Equal(MgmaeVariant.Paper, new MotionGuidedConfig().Variant);
    }
}
