using Kit.Model;
using static Kit.Torch.torch;

namespace Kit.Tests.Model;

public class VitInitTests
{
    [Fact]
    public void LinearLayersGetXavierWeightsAndZeroBiases()
    {
        manual_seed(0);
        using var m = new MaskedVideoModel(ModelPresets.Get("cpu-tiny"), [("pixel", 24)]);
        foreach (var (name, p) in m.named_parameters())
        {
            if (name.EndsWith("proj.bias") && name.Contains("patch_embed")) continue;      // the convolution keeps its default
            if (name.EndsWith(".bias") && !name.Contains("norm"))
                Assert.Equal(0.0, p.abs().max().item<double>());
            if (name.EndsWith("qkv.weight"))
            {
                var (fanOut, fanIn) = (p.size(0), p.size(1));
                var bound = Math.Sqrt(6.0 / (fanIn + fanOut));
                Assert.InRange(p.abs().max().item<double>(), 0.9 * bound, bound);
            }
        }
    }

    [Fact]
    public void AttentionHasQAndVBiasesButNoKBias()
    {
        using var a = new Attention(96, 3);
        var names = a.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(["q_bias", "v_bias", "qkv.weight", "proj.weight", "proj.bias"], names);
    }
}
