using Kit.Model;
using Kit.Training;

namespace Kit.Tests.Training;

public class LrScheduleTests
{
    [Fact]
    public void WarmupThenCosineToMin()
    {
        var s = new LrSchedule(Peak: 1e-3, Min: 1e-5, WarmupSteps: 10, TotalSteps: 110);
        TestUtil.Close(0, s.At(0), 1e-12);
        TestUtil.Close(5e-4, s.At(5), 1e-12);
        TestUtil.Close(1e-3, s.At(10), 1e-12);
        TestUtil.Close(1e-5 + (1e-3 - 1e-5) * 0.5 * (1 + Math.Cos(Math.PI * 50 / 99.0)), s.At(60), 1e-12);
        TestUtil.Close(1e-5, s.At(109), 1e-12);
    }

    [Fact]
    public void PeakScalesWithEffectiveBatch()
    {
        var o = new OptimizerConfig(BaseLr: 1.5e-4, Accumulation: 2);
        TestUtil.Close(1.5e-4 * 64 / 256, o.PeakLr(32), 1e-15);
        TestUtil.Close(1.5e-4 * 64 / 256, LrSchedule.From(o, 32, 100).Peak, 1e-15);
        Assert.Equal(10, LrSchedule.From(o, 32, 100).WarmupSteps);
    }
}

public class ParamGroupsTests
{
    [Fact]
    public void NoDecayOnBiasesNormsAndMaskToken()
    {
        using var m = new MaskedVideoModel(ModelPresets.Get("cpu-tiny"), [("pixel", 10)]);
        var groups = ParamGroups.Build(m, 0.05);
        using var opt = Kit.Torch.torch.optim.AdamW(groups, 1e-3, weight_decay: 0.05);
        var names = new Dictionary<Kit.Torch.Parameter, string>(ReferenceEqualityComparer.Instance);
        foreach (var (n, p) in m.named_parameters()) names[p] = n;
        var decayed = groups.Where(g => g.weight_decay == 0.05).SelectMany(g => g.Parameters).Select(p => names[p]).ToList();
        var plain = groups.Where(g => g.weight_decay == 0).SelectMany(g => g.Parameters).Select(p => names[p]).ToList();
        Assert.Contains("decoder.mask_token", plain);
        Assert.Contains("encoder.blocks.0.norm1.weight", plain);
        Assert.Contains("encoder.blocks.0.attn.q_bias", plain);
        Assert.Contains("encoder.patch_embed.proj.bias", plain);
        Assert.Contains("encoder.blocks.0.attn.qkv.weight", decayed);
        Assert.Contains("encoder.patch_embed.proj.weight", decayed);
        Assert.Contains("decoder.encoder_to_decoder.weight", decayed);
        Assert.Equal(m.parameters().Count(), decayed.Count + plain.Count);
    }

    [Fact]
    public void LayerDecayScalesEachLayer()
    {
        using var m = new VideoClassifier(ModelPresets.Get("cpu-tiny"), 4);
        const int depth = 2;
        var groups = ParamGroups.Build(m, 0.05, n => LayerDecay.LayerOf(n, depth), depth, 0.75);
        double ScaleOf(string name) => groups.Single(g => g.Parameters.Contains(m.named_parameters().Single(p => p.name == name).parameter)).lr_scale;
        TestUtil.Close(Math.Pow(0.75, 3), ScaleOf("encoder.patch_embed.proj.weight"), 1e-12);
        TestUtil.Close(Math.Pow(0.75, 2), ScaleOf("encoder.blocks.0.mlp.fc1.weight"), 1e-12);
        TestUtil.Close(0.75, ScaleOf("encoder.blocks.1.attn.proj.bias"), 1e-12);
        TestUtil.Close(1.0, ScaleOf("head.weight"), 1e-12);
        TestUtil.Close(1.0, ScaleOf("fc_norm.weight"), 1e-12);
        Assert.Equal(0, LayerDecay.LayerOf("encoder.patch_embed.proj.bias", depth));
        Assert.Equal(3, LayerDecay.LayerOf("encoder.norm.weight", depth));
    }
}
