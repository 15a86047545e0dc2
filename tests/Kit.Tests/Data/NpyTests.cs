using System.Diagnostics;
using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class NpyTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Int64)]
    public void SaveLoad_RoundTripsValuesShapeAndType(ScalarType type)
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-npy").FullName, "x.npy");
        var x = (arange(0, 60, 1, float32).reshape(3, 4, 5) * 1.5).to(type);
        Npy.Save(path, x);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0, (10 + (bytes[8] | (bytes[9] << 8))) % 64);
        var y = Npy.Load(path);
        Assert.Equal(type, y.dtype);
        TestUtil.Shape(y, 3, 4, 5);
        Assert.True(y.eq(x).all().item<bool>());
    }

    [NumpyFact]
    public void NumpyReadsWhatTheKitWrites()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-npy").FullName, "flow.npy");
        Npy.Save(path, arange(0, 24, 1, float32).reshape(2, 2, 3, 2) - 5);
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", $"import numpy as n; a = n.load('{path}'); print(a.dtype, a.shape, a.sum(), a[1, 0, 2, 1])"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        Assert.Equal("float32 (2, 2, 3, 2) 156.0 12.0", output);
    }

    [Fact]
    public void LoadRows_ReadsOnlyTheRequestedRows()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-npy").FullName, "rows.npy");
        var x = arange(0, 5 * 2 * 3, 1, float32).reshape(5, 2, 3).to(float16);
        Npy.Save(path, x);
        Assert.Equal(5, Npy.Rows(path));
        var rows = Npy.LoadRows(path, 1, 3);
        Assert.True(rows.eq(x.narrow(0, 1, 3)).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Npy.LoadRows(path, 3, 3));
    }

    [Fact]
    public void TruncatedFile_IsRejectedNamingIt()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-npy").FullName, "cut.npy");
        Npy.Save(path, zeros(10, 10));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);
        var e = Assert.Throws<InvalidDataException>(() => Npy.Load(path));
        Assert.Contains("cut.npy", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(100)]
    public void FileCutInsideItsHeader_IsRejectedNamingIt(int keep)
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-npy").FullName, "head.npy");
        Npy.Save(path, zeros(10, 10));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);
        var e = Assert.Throws<InvalidDataException>(() => Npy.Load(path));
        Assert.Contains("head.npy", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void LoadRows_ReachesRowsPastTwoGigabytes()
    {
        // A (600, 1024, 1024) float32 array is 2.4 GB: the file is made sparse (header, then a length), with one known
        // row written at its end, so 64-bit offsets are exercised without writing gigabytes.
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-npy").FullName, "big.npy");
        long[] shape = [600, 1024, 1024];
        var header = Npy.HeaderBytes(ScalarType.Float32, shape);
        var rowBytes = 1024L * 1024 * 4;
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            fs.Write(header);
            fs.SetLength(header.Length + 600 * rowBytes);
            fs.Seek(header.Length + 599 * rowBytes, SeekOrigin.Begin);
            var row = new byte[rowBytes];
            for (var i = 0; i < 1024 * 1024; i++) BitConverter.TryWriteBytes(row.AsSpan(i * 4), (float)i);
            fs.Write(row);
        }
        try
        {
            Assert.Equal(600, Npy.Rows(path));
            var last = Npy.LoadRows(path, 599, 1);
            TestUtil.Shape(last, 1, 1024, 1024);
            Assert.Equal(1024f * 1024 - 1, last[0, 1023, 1023].item<float>());
            Assert.Equal(5f, last[0, 0, 5].item<float>());
            Assert.Equal(0f, Npy.LoadRows(path, 300, 1).abs().max().item<float>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>A fact that runs only where /usr/bin/python3 can import numpy, and says so when skipped.</summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute()
    {
        if (!HasNumpy.Value) Skip = "needs /usr/bin/python3 with numpy";
    }

    private static readonly Lazy<bool> HasNumpy = new(() =>
    {
        if (!File.Exists("/usr/bin/python3")) return false;
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import numpy"]) { RedirectStandardError = true })!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0;
    });
}
