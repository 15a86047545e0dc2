using Kit.Masking;
using Kit.Model;
using Kit.Tests.Training.Fakes;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Model;

public class VideoDecoderTests
{
    private static readonly (string, int)[] TwoParts = [("hog", 108), ("trajectory", 48)];

    public static TheoryData<DecoderArrangement, int> Arrangements => new()
    {
        { DecoderArrangement.Joint, 1 }, { DecoderArrangement.Joint, 2 },
        { DecoderArrangement.Separate, 1 }, { DecoderArrangement.Separate, 2 },
        { DecoderArrangement.SharedButLast, 1 }, { DecoderArrangement.SharedButLast, 3 },
    };

    [Theory]
    [MemberData(nameof(Arrangements))]
    public void PredictsEveryPartAtTheMaskedTokens(DecoderArrangement arrangement, int depth)
    {
        manual_seed(0);
        using var scope = NewDisposeScope();
        var cfg = ModelPresets.Get("cpu-tiny") with { Decoder = new DecoderConfig(32, depth, 2, arrangement) };
        using var model = new MaskedVideoModel(cfg, TwoParts);
        var grid = cfg.Grid;
        Assert.Equal(16, grid.Tokens);
        var batch = new Kit.Data.ClipBatch(rand(3, 3, 8, 32, 32), null, null, null, 1);
        using var mask = new RandomTokenMask(0.75).Generate(batch, grid);
        TestUtil.Shape(mask.Visible, 3, 4);
        var encoded = model.Encoder.forward(batch.Clip, mask.Visible);
        TestUtil.Shape(encoded, 3, 4, cfg.Dim);
        var outputs = model.forward(batch.Clip, mask);
        Assert.Equal(2, outputs.Length);
        TestUtil.Shape(outputs[0], 3, 12, 108);
        TestUtil.Shape(outputs[1], 3, 12, 48);
        var (shared, own) = arrangement switch
        {
            DecoderArrangement.Joint => (depth, 0),
            DecoderArrangement.Separate => (0, depth),
            _ => (depth - 1, 1),
        };
        Assert.Equal(shared, model.Decoder.SharedBlocks);
        Assert.Equal(own, model.Decoder.BranchBlocks);
        Assert.Equal(shared + 2 * own, model.Decoder.named_modules().Count(m => m.module is Block));
    }

    [Fact]
    public void SeparateDecodersCostMoreThanJoint()
    {
        var baseCfg = ModelPresets.Get("vit-b");
        double Flops(DecoderArrangement a, int depth)
        {
            using var m = new VideoDecoder(baseCfg with { Decoder = new DecoderConfig(192, depth, 3, a) }, TwoParts);
            var flops = m.Flops(visibleTokens: 1568 * 3 / 10);
            TestUtil.Close(flops, VideoDecoder.FlopsFor(baseCfg with { Decoder = new DecoderConfig(192, depth, 3, a) }, TwoParts, 1568 * 3 / 10), 1e-12);
            return flops;
        }
        var joint1 = Flops(DecoderArrangement.Joint, 1);
        Assert.True(Flops(DecoderArrangement.Joint, 2) > joint1);
        Assert.True(Flops(DecoderArrangement.Separate, 1) > joint1);
        Assert.True(Flops(DecoderArrangement.Separate, 2) > Flops(DecoderArrangement.Separate, 1));
        // One width-192 block over 1568 tokens: 2 * N * (4 d^2 + 8 d^2) + 4 N^2 d multiply-adds.
        var block = 2.0 * 1568 * 12 * 192 * 192 + 4.0 * 1568 * 1568 * 192;
        TestUtil.Close(block, Flops(DecoderArrangement.Joint, 2) - joint1, 1e-9);
    }

    [Fact]
    public void MaskedIndicesAreTheHiddenTokensInOrder()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new[] { true, false, true, false, false, true, true, false }, [2, 4]);
        var idx = MaskedVideoModel.MaskedIndices(mask);
        Assert.Equal(new long[] { 0, 2, 1, 2 }, idx.ToArray<long>());
        Assert.Throws<ArgumentException>(() => MaskedVideoModel.MaskedIndices(tensor(new[] { true, true, true, false }, [2, 2])));
    }

    [Fact]
    public void MaskTokenAndPositionsReachThePrediction()
    {
        manual_seed(1);
        using var scope = NewDisposeScope();
        var cfg = ModelPresets.Get("cpu-tiny");
        using var model = new MaskedVideoModel(cfg, [("pixel", 8)]);
        var batch = new Kit.Data.ClipBatch(rand(1, 3, 8, 32, 32), null, null, null, 1);
        using var mask = new RandomTokenMask(0.5).Generate(batch, cfg.Grid);
        var pred = model.forward(batch.Clip, mask)[0];
        // Two masked tokens share the mask token but not their positions: their predictions must differ.
        Assert.False(pred[0, 0].allclose(pred[0, 1], 1e-4, 1e-6));
        pred.sum().backward();
        var g = model.Decoder.named_parameters().Single(p => p.name == "mask_token").parameter.grad;
        Assert.NotNull(g);
        Assert.True(g!.abs().sum().item<double>() > 0);
    }
}
