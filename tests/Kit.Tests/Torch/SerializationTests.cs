using System.Diagnostics;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class SerializationTests
{
    [Fact]
    public void ModuleSaveLoadRoundTrip()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kit-{Guid.NewGuid():N}.pt");
        try
        {
            manual_seed(1);
            using var a = nn.Sequential(nn.Linear(3, 4), nn.GELU(), nn.Linear(4, 2));
            a.save(path, new { note = "hello" });
            manual_seed(2);
            using var b = nn.Sequential(nn.Linear(3, 4), nn.GELU(), nn.Linear(4, 2));
            b.load(path);
            using var x = randn(5, 3);
            using var ya = a.call(x);
            using var yb = b.call(x);
            Assert.Equal(ya.ToArray<float>(), yb.ToArray<float>());
            using var archive = TensorArchive.Load(path);
            Assert.Equal("{\"note\":\"hello\"}", archive.Meta);
            Assert.Equal(new[] { "0.bias", "0.weight", "2.bias", "2.weight" }, archive.Tensors.Keys.Order());
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AllDtypesSurviveAnArchive()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kit-{Guid.NewGuid():N}.pt");
        try
        {
            using var scope = NewDisposeScope();
            var items = new Dictionary<string, Tensor>
            {
                ["f32"] = tensor(new float[] { 1.5f, -2 }),
                ["f64"] = tensor(new double[] { Math.PI }),
                ["i64"] = tensor(new long[] { long.MinValue, 7 }),
                ["u8"] = tensor(new byte[] { 0, 200 }),
                ["b"] = tensor(new[] { true, false }),
                ["empty"] = zeros(0, 3),
            };
            TensorArchive.Save(path, items);
            using var back = TensorArchive.Load(path);
            Assert.Equal(items["f32"].ToArray<float>(), back.Tensors["f32"].ToArray<float>());
            Assert.Equal(items["f64"].ToArray<double>(), back.Tensors["f64"].ToArray<double>());
            Assert.Equal(items["i64"].ToArray<long>(), back.Tensors["i64"].ToArray<long>());
            Assert.Equal(items["u8"].ToArray<byte>(), back.Tensors["u8"].ToArray<byte>());
            Assert.Equal(items["b"].ToArray<bool>(), back.Tensors["b"].ToArray<bool>());
            TestUtil.Shape(back.Tensors["empty"], 0, 3);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CorruptArchiveIsAClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kit-{Guid.NewGuid():N}.pt");
        File.WriteAllText(path, "not a checkpoint");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => TensorArchive.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<FileNotFoundException>(() => TensorArchive.Load(path));
    }

    /// <summary>
    /// Python's torch.load opens the kit's archives, and the kit opens Python's torch.save of a dict of tensors.
    /// (libtorch 1.13's unpickler lacks the SETITEM opcode Python uses for one-entry dicts, so Python-written archives
    /// need two or more entries; the kit's own always carry several.)
    /// </summary>
    [PythonTorchFact]
    public void PythonPyTorchReadsAndWritesTheSameFormat()
    {
        var dir = Directory.CreateTempSubdirectory("kit-py-").FullName;
        try
        {
            var ours = Path.Combine(dir, "ours.pt");
            using (var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]))
                TensorArchive.Save(ours, [new("weight", t)], "{\"step\": 3}");
            var theirs = Path.Combine(dir, "theirs.pt");
            var output = PythonTorch.Run($"import torch; d = torch.load('{ours}'); print(d['weight'].sum().item(), d['__meta__'], tuple(d['weight'].shape)); torch.save({{'w': torch.arange(4, dtype=torch.float64), 'b': torch.ones(2, dtype=torch.int64)}}, '{theirs}')");
            Assert.Contains("21.0 {\"step\": 3} (2, 3)", output);
            using var back = TensorArchive.Load(theirs);
            Assert.Equal(new double[] { 0, 1, 2, 3 }, back.Tensors["w"].ToArray<double>());
            Assert.Equal(new long[] { 1, 1 }, back.Tensors["b"].ToArray<long>());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

/// <summary>A fact that needs Debian's python3-torch; skipped visibly without it.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public PythonTorchFactAttribute()
    {
        if (!PythonTorch.Available) Skip = "needs python3-torch (installed by ./kit setup)";
    }
}

/// <summary>Debian's python3-torch (same libtorch version), used to cross-check formats.</summary>
public static class PythonTorch
{
    public static bool Available => File.Exists("/usr/bin/python3") && Directory.Exists("/usr/lib/python3/dist-packages/torch");

    public static string Run(string code)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", code]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"python failed: {err}");
        return output;
    }
}
