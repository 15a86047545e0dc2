using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

/// <summary>Streaming .npy output (NpyWriter.cs).</summary>
public class NpyWriterTests
{
    [Fact]
    public void RowsAppendedInBlocksReadBackAsOneArray()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-npyw").FullName;
        var whole = rand([7, 2, 5, 3]);
        var path = Path.Combine(dir, "w.npy");
        using (var w = new NpyWriter(path, ScalarType.Float32, [7, 2, 5, 3]))
        {
            w.Append(whole.narrow(0, 0, 3));
            Assert.False(File.Exists(path), "nothing appears before Complete");
            w.Append(whole.narrow(0, 3, 1));
            w.Append(whole.narrow(0, 4, 3).transpose(2, 3).contiguous().transpose(2, 3));   // non-contiguous rows
            w.Complete();
        }
        var back = Npy.Load(path);
        Assert.True(back.eq(whole).all().item<bool>());
        var saved = Path.Combine(dir, "s.npy");
        Npy.Save(saved, whole);
        Assert.Equal(File.ReadAllBytes(saved), File.ReadAllBytes(path));
        Assert.Equal(new[] { "s.npy", "w.npy" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray());
    }

    [Fact]
    public void AnIncompleteWriterLeavesNoFile()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-npyw").FullName;
        var path = Path.Combine(dir, "w.npy");
        using (var w = new NpyWriter(path, ScalarType.Float32, [4, 3]))
        {
            w.Append(zeros(2, 3));
            var e = Assert.Throws<InvalidOperationException>(() => w.Complete());
            Assert.Contains("2 of 4 rows", e.Message);
            Assert.Throws<ArgumentException>(() => w.Append(zeros(3, 3)));
            Assert.Throws<ArgumentException>(() => w.Append(zeros(1, 4)));
            Assert.Throws<ArgumentException>(() => w.Append(zeros([1, 3], float64)));
        }
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void SaveOfAnArrayLargerThanOneChunkRoundTrips()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-npyw").FullName, "big.npy");
        var rows = NpyWriter.ChunkBytes / (4 * 1024) + 5;                  // a little over one chunk of float32 rows of 1024
        var t = arange(0, (double)rows * 1024, 1, float32).reshape(rows, 1024);
        Npy.Save(path, t);
        var back = Npy.Load(path);
        Assert.True(back.eq(t).all().item<bool>());
        File.Delete(path);
    }
}
