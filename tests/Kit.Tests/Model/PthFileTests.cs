using Kit.Model;
using Kit.Tests.Torch;

namespace Kit.Tests.Model;

public class PthFileTests
{
    private static string File(string name) => TestUtil.Data(Path.Combine("official", name));

    [Fact]
    public void ReleaseWrappingIsReadWithoutRunningAnything()
    {
        using var file = PthFile.Open(File("pretrain.pth"));
        var root = Assert.IsType<PyDict>(file.Root);
        Assert.Equal(["model", "epoch", "args"], root.StringKeys);
        Assert.Equal(799L, root["epoch"]);
        var args = Assert.IsType<PyObject>(root["args"]);
        Assert.Equal(new PyGlobal("argparse", "Namespace"), args.Class);
        var state = Assert.IsType<PyDict>(args.State);
        Assert.Equal("pretrain_videomae_tiny_patch8", state["model"]);
        Assert.Equal(0.625, state["mask_ratio"]);
    }

    [Fact]
    public void StateDictIsFoundUnderModelOrModule()
    {
        using var pre = PthFile.ReadStateDict(File("pretrain.pth"));
        Assert.Equal(49, pre.Tensors.Count);
        TestUtil.Shape(pre.Tensors["encoder.patch_embed.proj.weight"], 32, 3, 2, 8, 8);
        using var ft = PthFile.ReadStateDict(File("finetune.pth"));
        TestUtil.Shape(ft.Tensors["head.weight"], 5, 32);
        using var bare = PthFile.ReadStateDict(File("expected.pth"));
        Assert.Equal(Kit.Torch.ScalarType.Int64, bare.Tensors["visible"].dtype);
    }

    [Fact]
    public void NonCheckpointsAreClearErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kit-{Guid.NewGuid():N}.pth");
        try
        {
            System.IO.File.WriteAllText(path, "not a checkpoint");
            var e = Assert.Throws<InvalidDataException>(() => PthFile.ReadStateDict(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("not a zip-format torch.save file", e.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        Assert.Throws<FileNotFoundException>(() => PthFile.ReadStateDict(path));
    }

    /// <summary>Half, bfloat16 and double storages, views with strides and offsets, "module." prefixes, and a state_dict beside non-tensor entries.</summary>
    [PythonTorchFact]
    public void StoragesOfEveryCommonTypeAndViewAreRead()
    {
        var dir = Directory.CreateTempSubdirectory("kit-pth-").FullName;
        try
        {
            var path = Path.Combine(dir, "mixed.pth");
            PythonTorch.Run("import torch, collections; base = torch.arange(12, dtype=torch.float32).reshape(3, 4); "
                + "sd = collections.OrderedDict([('module.t', base.t()), ('module.row', base[1]), ('module.h', base.half()), ('module.bf', base.bfloat16()), "
                + "('module.d', base.double() / 3), ('module.i', torch.tensor([-3, 5], dtype=torch.int32)), ('module.flag', torch.tensor([True, False]))]); "
                + $"torch.save({{'state_dict': sd, 'note': 'x', 'best': 1.5, 'epochs': [1, 2]}}, '{path}')");
            using var file = PthFile.ReadStateDict(path);
            var t = file.Tensors;
            Assert.Equal(["t", "row", "h", "bf", "d", "i", "flag"], t.Keys);
            Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, t["t"].ToArray<float>());
            TestUtil.Shape(t["t"], 4, 3);
            Assert.Equal(new float[] { 4, 5, 6, 7 }, t["row"].ToArray<float>());
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), t["h"].ToArray<float>());
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), t["bf"].ToArray<float>());
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)(i / 3.0)).ToArray(), t["d"].ToArray<float>());
            Assert.Equal(new long[] { -3, 5 }, t["i"].ToArray<long>());
            Assert.Equal(new[] { true, false }, t["flag"].ToArray<bool>());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
