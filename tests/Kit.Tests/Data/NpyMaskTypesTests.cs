using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class NpyMaskTypesTests
{
    [Fact]
    public void RoundTripsFloatBoolAndLong()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-npy");
        try
        {
            var f = rand(2, 3, 4);
            Npy.Save(Path.Combine(dir.FullName, "f.npy"), f);
            Assert.True(Npy.Load(Path.Combine(dir.FullName, "f.npy")).allclose(f, 0, 0));
            var b = rand(5) > 0.5;
            Npy.Save(Path.Combine(dir.FullName, "b.npy"), b);
            Assert.Equal(b.ToArray<bool>(), Npy.Load(Path.Combine(dir.FullName, "b.npy")).ToArray<bool>());
            var l = arange(0, 6, 1).reshape(6);
            Npy.Save(Path.Combine(dir.FullName, "l.npy"), l);
            Assert.Equal(l.ToArray<long>(), Npy.Load(Path.Combine(dir.FullName, "l.npy")).ToArray<long>());
            var header = File.ReadAllBytes(Path.Combine(dir.FullName, "f.npy"));
            Assert.Equal(0, (10 + BitConverter.ToUInt16(header, 8)) % 64); // data aligned as NumPy requires
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
