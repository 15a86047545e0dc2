using Kit.Masking;
using Kit.Model;
using Kit.Tests.Torch;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Model;

/// <summary>
/// Release-layout checkpoints written by Python PyTorch (tools/reference/official_checkpoint_reference.py, a small
/// VideoMAE-architecture model with every weight random) load into the kit's models name for name, and the kit's
/// forward passes equal PyTorch's on the same weights and clip.
/// </summary>
public class OfficialCheckpointTests
{
    /// <summary>The reference script's geometry: 4 x 16 x 16 clips, 2 x 8 x 8 cubes (8 tokens), width 32, 2 blocks.</summary>
    private static readonly ModelConfig Tiny = new("official-tiny", Frames: 4, ImageSize: 16, Tubelet: 2, Patch: 8, Dim: 32, Depth: 2, Heads: 2,
        Decoder: new DecoderConfig(16, 1, 2));

    private static readonly (string, int)[] PixelPart = [("pixel", 2 * 8 * 8 * 3)];
    private const double Tol = 2e-5;

    private static string File(string name) => TestUtil.Data(Path.Combine("official", name));

    private static void Near(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var d = (expected - actual).abs().max();
        var diff = d.item<float>();
        Assert.True(diff <= Tol, $"{what}: largest difference from PyTorch {diff} > {Tol}");
    }

    private static MaskResult Mask(Tensor visible, Tensor masked)
    {
        var b = (int)visible.size(0);
        var hidden = new bool[b * Tiny.Grid.Tokens];
        var m = masked.ToArray<long>();
        for (var i = 0; i < m.Length; i++) hidden[i / masked.size(1) * Tiny.Grid.Tokens + m[i]] = true;
        return new MaskResult(tensor(hidden, [b, Tiny.Grid.Tokens]), visible.alias());
    }

    [Fact]
    public void PretrainedReleaseLoadsEveryTensorAndReproducesPyTorch()
    {
        using var scope = NewDisposeScope();
        using var expected = PthFile.ReadStateDict(File("expected.pth"));
        var e = expected.Tensors;
        using var model = new MaskedVideoModel(Tiny, PixelPart);
        model.eval();
        var report = OfficialCheckpoint.Load(File("pretrain.pth"), model);
        Assert.Equal(OfficialLayout.Pretrain, report.Source);
        Assert.Equal(model.state_dict().Count, report.Loaded.Count);
        Assert.Equal(49, report.Loaded.Count);
        Assert.Empty(report.SetAside);
        Assert.Empty(report.Initialised);
        using var mask = Mask(e["visible"], e["masked"]);
        Near(e["encoded"], model.Encoder.forward(e["clip"], e["visible"]), "encoder output on the visible tokens");
        Near(e["pixels"], model.forward(e["clip"], mask)[0], "decoder pixel prediction at the masked tokens");
    }

    [Fact]
    public void FineTunedReleaseLoadsIntoTheClassifierAndReproducesPyTorch()
    {
        using var scope = NewDisposeScope();
        using var expected = PthFile.ReadStateDict(File("expected.pth"));
        using var model = new VideoClassifier(Tiny, classes: 5);
        model.eval();
        var report = OfficialCheckpoint.Load(File("finetune.pth"), model);
        Assert.Equal(OfficialLayout.Finetune, report.Source);
        Assert.Equal(32, report.Loaded.Count);
        // The release pools by mean and has no final norm; the kit's classifier does not use its own either.
        Assert.Equal(["encoder.norm.weight", "encoder.norm.bias"], report.Initialised);
        Near(expected.Tensors["logits"], model.forward(expected.Tensors["clip"]), "classifier logits");
    }

    [Fact]
    public void PretrainedEncoderInitialisesAnEncoderAndSetsTheDecoderAside()
    {
        using var scope = NewDisposeScope();
        using var expected = PthFile.ReadStateDict(File("expected.pth"));
        using var encoder = new VideoEncoder(Tiny);
        encoder.eval();
        var report = OfficialCheckpoint.Load(File("pretrain.pth"), encoder);
        Assert.Equal(encoder.state_dict().Count, report.Loaded.Count);
        Assert.Contains("mask_token (pre-training decoder)", report.SetAside);
        Assert.Contains("decoder.head.weight (pre-training decoder)", report.SetAside);
        Assert.Equal(49 - encoder.state_dict().Count, report.SetAside.Count);
        Near(expected.Tensors["encoded"], encoder.forward(expected.Tensors["clip"], expected.Tensors["visible"]), "encoder output");
    }

    [Fact]
    public void ClassifierStartsFromPretrainedWeightsWithAFreshHead()
    {
        using var model = new VideoClassifier(Tiny, classes: 3);
        var report = OfficialCheckpoint.Load(File("pretrain.pth"), model);
        Assert.Equal(["fc_norm.weight", "fc_norm.bias", "head.weight", "head.bias"], report.Initialised);
        Assert.Equal(model.Encoder.state_dict().Count, report.Loaded.Count);
    }

    [Fact]
    public void WrongWidthOrClassCountNamesEveryMisShapedTensor()
    {
        using var wide = new MaskedVideoModel(Tiny with { Dim = 48, Heads = 3 }, PixelPart);
        var e = Assert.Throws<ArgumentException>(() => OfficialCheckpoint.Load(File("pretrain.pth"), wide));
        Assert.Contains(File("pretrain.pth"), e.Message);
        Assert.Contains("encoder.patch_embed.proj.weight is [32, 3, 2, 8, 8], the model expects [48, 3, 2, 8, 8]", e.Message);
        Assert.Contains("encoder_to_decoder.weight is [16, 32], the model expects [16, 48]", e.Message);

        using var classifier = new VideoClassifier(Tiny, classes: 7);
        using var before = classifier.Encoder.state_dict()["blocks.0.attn.q_bias"].clone();
        e = Assert.Throws<ArgumentException>(() => OfficialCheckpoint.Load(File("finetune.pth"), classifier));
        Assert.Contains("head.weight is [5, 32], the model expects [7, 32]", e.Message);
        // Nothing is copied unless everything fits.
        Assert.Equal(before.ToArray<float>(), classifier.Encoder.state_dict()["blocks.0.attn.q_bias"].ToArray<float>());
    }

    [Fact]
    public void MissingAndUnexpectedNamesAreListed()
    {
        using var scope = NewDisposeScope();
        using var file = PthFile.ReadStateDict(File("finetune.pth"));
        var edited = file.Tensors.Where(kv => kv.Key != "blocks.1.attn.v_bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        edited["blocks.0.gamma_1"] = ones(32);
        using var encoder = new VideoEncoder(Tiny);
        var e = Assert.Throws<ArgumentException>(() => OfficialCheckpoint.Load("edited.pth", edited, encoder));
        Assert.Contains("missing from the file (1): blocks.1.attn.v_bias [32]", e.Message);
        Assert.Contains("unexpected in the file (1): blocks.0.gamma_1 [32]", e.Message);
        Assert.DoesNotContain("head.weight", e.Message); // set aside: a classifier head is not the encoder's
    }

    [Fact]
    public void AFineTunedFileCannotFillAPretrainingModel()
    {
        using var model = new MaskedVideoModel(Tiny, PixelPart);
        var e = Assert.Throws<ArgumentException>(() => OfficialCheckpoint.Load(File("finetune.pth"), model));
        Assert.Contains("holds no pre-training decoder", e.Message);
    }

    [Fact]
    public void StoredPositionTablesAreCheckedAgainstTheSinusoid()
    {
        using var scope = NewDisposeScope();
        using var file = PthFile.ReadStateDict(File("finetune.pth"));
        var withTable = file.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value);
        withTable["pos_embed"] = SinusoidTable.Create(Tiny.Grid.Tokens, Tiny.Dim);
        using var classifier = new VideoClassifier(Tiny, classes: 5);
        var report = OfficialCheckpoint.Load("table.pth", withTable, classifier);
        Assert.Contains("pos_embed (the fixed sinusoid table the kit computes)", report.SetAside);

        withTable["pos_embed"] = SinusoidTable.Create(Tiny.Grid.Tokens, Tiny.Dim) + 0.01f;
        var e = Assert.Throws<ArgumentException>(() => OfficialCheckpoint.Load("learned.pth", withTable, classifier));
        Assert.Contains("pos_embed is a learned position embedding", e.Message);
    }

    [Fact]
    public void ExportedWeightsLoadBackAndKeepTheirOutputs()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-official-").FullName;
        try
        {
            using var expected = PthFile.ReadStateDict(File("expected.pth"));
            using var model = new VideoClassifier(Tiny, classes: 5);
            OfficialCheckpoint.Load(File("finetune.pth"), model);
            var path = Path.Combine(dir, "ft.pth");
            OfficialCheckpoint.Export(path, model);
            using var back = PthFile.ReadStateDict(path);
            Assert.Equal(32, back.Tensors.Count);
            Assert.DoesNotContain("norm.weight", back.Tensors.Keys);
            Assert.Contains("fc_norm.weight", back.Tensors.Keys);
            using var again = new VideoClassifier(Tiny, classes: 5);
            again.eval();
            OfficialCheckpoint.Load(path, again);
            Near(expected.Tensors["logits"], again.forward(expected.Tensors["clip"]), "logits after export and reload");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>The releases' Python code (the reference model) loads the kit's exports with strict=True and gets PyTorch's outputs.</summary>
    [PythonTorchFact]
    public void PythonLoadsTheKitsExportsStrictly()
    {
        var dir = Directory.CreateTempSubdirectory("kit-official-").FullName;
        try
        {
            using (var pre = new MaskedVideoModel(Tiny, PixelPart))
            {
                OfficialCheckpoint.Load(File("pretrain.pth"), pre);
                OfficialCheckpoint.Export(Path.Combine(dir, "pre.pth"), pre);
            }
            using (var ft = new VideoClassifier(Tiny, classes: 5))
            {
                OfficialCheckpoint.Load(File("finetune.pth"), ft);
                OfficialCheckpoint.Export(Path.Combine(dir, "ft.pth"), ft);
            }
            var script = Path.Combine(TestUtil.RepoRoot(), "tools", "reference", "official_checkpoint_reference.py");
            var output = PythonTorch.Run($"import runpy, sys; sys.argv = ['x', '--check-export', '{dir}/pre.pth', '{dir}/ft.pth', '{File("expected.pth")}']; runpy.run_path('{script}', run_name='__main__')");
            var m = System.Text.RegularExpressions.Regex.Match(output, @"encoded (\S+) pixels (\S+) logits (\S+)");
            Assert.True(m.Success, output);
            for (var g = 1; g <= 3; g++) Assert.True(double.Parse(m.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture) <= 1e-6, output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ModelShapeIsReadFromTheFile()
    {
        Assert.Same(Tiny, OfficialCheckpoint.InferModel(File("pretrain.pth"), Tiny));
        var e = Assert.Throws<ArgumentException>(() => OfficialCheckpoint.InferModel(File("finetune.pth")));
        Assert.Contains("width 32, depth 2, 3 channels, tubelet 2, patch 8, MLP ratio 4", e.Message);
        Assert.Contains("--preset", e.Message);
        e = Assert.Throws<ArgumentException>(() => OfficialCheckpoint.InferModel(File("finetune.pth"), Tiny with { Depth = 3 }));
        Assert.Contains("model 'official-tiny' has width 32, depth 3", e.Message);

        // A ViT-B/16 release: width 768, 12 blocks, 2 x 16 x 16 cubes (only the shapes are read).
        var vitB = new Dictionary<string, long[]>
        {
            ["encoder.patch_embed.proj.weight"] = [768, 3, 2, 16, 16],
            ["encoder.blocks.0.mlp.fc1.weight"] = [3072, 768],
        };
        for (var i = 0; i < 12; i++) vitB[$"encoder.blocks.{i}.norm1.weight"] = [768];
        Assert.Equal("vit-b", OfficialCheckpoint.InferModel("vitb.pth", vitB).Name);
    }
}
