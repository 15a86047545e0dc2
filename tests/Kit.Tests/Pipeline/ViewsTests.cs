using Kit.Data;
using Kit.Pipeline;
using static Kit.Torch.torch;

namespace Kit.Tests.Pipeline;

public class ViewsTests
{
    private static readonly TokenGrid Grid = new(4, 8, 8, Tubelet: 2, Patch: 4);

    [Fact]
    public void FrameIsTheChannelMeanOfOneTimeStep()
    {
        using var scope = NewDisposeScope();
        var clip = arange(0, 3 * 4 * 8 * 8, 1, float32).reshape(3, 4, 8, 8) / (3 * 4 * 8 * 8);
        var f = Views.Frame(clip, 1);
        Assert.Equal(8, f.GetLength(0));
        Assert.Equal(clip[.., 1].mean(0L)[2, 5].item<float>(), f[2, 5], 5);
    }

    [Fact]
    public void MaskOverlayDarkensExactlyTheHiddenTokens()
    {
        using var scope = NewDisposeScope();
        var clip = ones(3, 4, 8, 8);
        var mask = zeros([Grid.Tokens], @bool);
        mask[3] = ones([], @bool); // 4 tokens a slot: token 3 = slot 0, row 1, col 1 -> pixels 4..7 x 4..7
        var o = Views.MaskOverlay(clip, mask, Grid, 1);
        Assert.Equal(0.25f, o[5, 6], 5);
        Assert.Equal(1f, o[1, 1], 5);
        Assert.Equal(1f, Views.MaskOverlay(clip, mask, Grid, 2)[5, 6], 5); // slot 1 is fully visible
    }

    [Fact]
    public void ReconstructionPastesPredictedCubesIntoTheirPlaces()
    {
        using var scope = NewDisposeScope();
        var clip = zeros(3, 4, 8, 8);
        var mask = zeros([Grid.Tokens], @bool);
        mask[1] = ones([], @bool); // slot 0, row 0, col 1
        var predicted = full([1, 2 * 4 * 4 * 3], 0.5);
        var r = Views.Reconstruction(clip, mask, predicted, Grid, 0);
        Assert.Equal(0.5f, r[2, 5], 5);
        Assert.Equal(0f, r[2, 2], 5);
        Assert.Equal(0f, r[6, 5], 5);
    }

    [Fact]
    public void FlowMagnitudeIsScaledAndClamped()
    {
        using var scope = NewDisposeScope();
        var flow = stack([full([2, 2], 3.0), full([2, 2], 4.0)]);
        Assert.Equal(0.5f, Views.FlowMagnitude(flow, 10)[0, 0], 5);
        Assert.Equal(1f, Views.FlowMagnitude(flow, 2)[1, 1], 5);
    }
}
