using Kit.Model;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Model;

public class VideoEncoderTests
{
    [Fact]
    public void TokenCountsAndShapesForEveryPreset()
    {
        foreach (var (name, cfg) in ModelPresets.All)
        {
            var g = cfg.Grid;
            Assert.Equal(cfg.Frames / cfg.Tubelet * (cfg.ImageSize / cfg.Patch) * (cfg.ImageSize / cfg.Patch), g.Tokens);
            if (name.StartsWith("vit", StringComparison.Ordinal)) Assert.Equal(1568, g.Tokens);
        }
        Assert.Equal(128, ModelPresets.Get("cpu-small").Grid.Tokens);
        manual_seed(0);
        using var scope = NewDisposeScope();
        using var enc = new VideoEncoder(ModelPresets.Get("cpu-tiny"));
        TestUtil.Shape(enc.forward(rand(2, 3, 8, 32, 32), null), 2, 16, 96);
        TestUtil.Shape(enc.forward(rand(2, 3, 8, 32, 32), tensor(new long[] { 0, 5, 9, 1, 2, 3 }, [2, 3])), 2, 3, 96);
    }

    [Fact]
    public void EmbeddingAddsTheFixedPositionTable()
    {
        manual_seed(0);
        using var scope = NewDisposeScope();
        using var enc = new VideoEncoder(ModelPresets.Get("cpu-tiny"));
        var same = rand(1, 3, 2, 16, 16).repeat(1, 1, 4, 2, 2);                             // all 16 cubes identical
        var embedded = enc.Embed(same);
        TestUtil.Shape(embedded, 1, 16, 96);
        Assert.False(embedded[0, 0].allclose(embedded[0, 7], 1e-4, 1e-5));                  // positions tell them apart
        var bare = embedded - SinusoidTable.Create(16, 96);
        Assert.True(bare[0, 0].allclose(bare[0, 7], 1e-4, 1e-5));                            // ...and only positions
    }

    [Fact]
    public void SinusoidTableMatchesTheFormula()
    {
        using var scope = NewDisposeScope();
        var t = SinusoidTable.Create(10, 8);
        TestUtil.Shape(t, 1, 10, 8);
        var v = t.ToArray<float>();
        for (var n = 0; n < 10; n++)
            for (var j = 0; j < 8; j++)
            {
                var angle = n / Math.Pow(10000, 2.0 * (j / 2) / 8);
                TestUtil.Close(j % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle), v[n * 8 + j], 1e-5);
            }
    }

    [Fact]
    public void DropPathRisesLinearlyWithDepth()
    {
        using var enc = new VideoEncoder(ModelPresets.Get("cpu-small") with { DropPath = 0.3 });
        TestUtil.Close([0.0, 0.1, 0.2, 0.3], enc.DropPathRates.ToArray(), 1e-12);
    }

    [Fact]
    public void BadInputNamesTheExpectation()
    {
        using var enc = new VideoEncoder(ModelPresets.Get("cpu-tiny"));
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => enc.forward(rand(1, 3, 8, 64, 64), null));
        Assert.Contains("(B, 3, 8, 32, 32)", e.Message);
        var c = Assert.Throws<ArgumentException>(() => (ModelPresets.Get("cpu-tiny") with { Heads = 5 }).Validate());
        Assert.Contains("model.heads", c.Message);
    }
}

public class CubeEmbeddingTests
{
    [Fact]
    public void EqualsTheConv3dItsWeightsDescribe()
    {
        manual_seed(2);
        using var scope = NewDisposeScope();
        var cfg = ModelPresets.Get("cpu-tiny");
        using var embed = new CubeEmbedding(cfg);
        var clip = rand(2, 3, 8, 32, 32);
        var w = embed.named_parameters().Single(p => p.name == "proj.weight").parameter;
        var b = embed.named_parameters().Single(p => p.name == "proj.bias").parameter;
        TestUtil.Shape(w, 96, 3, 2, 16, 16);
        var conv = nn.functional.conv3d(clip, w, b, stride: [2, 16, 16]).flatten(2).transpose(1, 2);   // (B, N, D), time-major
        Assert.True(embed.forward(clip).allclose(conv, 1e-4, 1e-5));
        var visible = tensor(new long[] { 1, 4, 15, 0, 2, 3 }, [2, 3]);
        var some = embed.forward(clip, visible);
        Assert.True(some[1, 2].allclose(conv[1, 3], 1e-4, 1e-5));
        Assert.True(some[0, 2].allclose(conv[0, 15], 1e-4, 1e-5));
    }
}

public class EncoderFlopsTests
{
    [Fact]
    public void StaticCountMatchesTheBuiltModel()
    {
        var cfg = ModelPresets.Get("cpu-small");
        using var enc = new VideoEncoder(cfg);
        TestUtil.Close(enc.Flops(13), VideoEncoder.FlopsFor(cfg, 13), 1e-12);
        // ViT-B on all 1568 tokens: about 180 G multiply-adds, VideoMAE's reported fine-tuning cost per view.
        Assert.InRange(VideoEncoder.FlopsFor(ModelPresets.Get("vit-b"), 1568) / 2e9, 170, 190);
    }
}
