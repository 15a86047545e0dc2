using Kit.Data;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

/// <summary>`kit mask` (MaskCommand.cs).</summary>
public class MaskCommandTests
{
    [Fact]
    public void WritesASeededExactMaskAndItsVisibleIndices()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-mask");
        try
        {
            string Run(string name, int seed)
            {
                var path = Path.Combine(dir.FullName, name);
                Assert.Equal(0, new MaskCommand().Run(new Args(["--strategy", "tube", "--ratio", "0.75", "--frames", "8", "--size", "64", "--patch", "16", "--seed", $"{seed}", "--out", path, "--visible-out", path + ".vis.npy", "--device", "cpu"])));
                return path;
            }
            var a = Npy.Load(Run("a.npy", 1));
            var b = Npy.Load(Run("b.npy", 1));
            var c = Npy.Load(Run("c.npy", 2));
            TestUtil.Shape(a, 4 * 16);
            Assert.Equal(4 * 12, a.sum().item<long>());
            Assert.True(a.eq(b).all().item<bool>());
            Assert.False(a.eq(c).all().item<bool>());
            var vis = Npy.Load(Path.Combine(dir.FullName, "a.npy.vis.npy"));
            Assert.True((!a).index_select(0, vis).all().item<bool>());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void MotionGuidedWithoutFlowNamesTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new MaskCommand().Run(new Args(["--strategy", "motion-guided", "--frames", "4", "--size", "32", "--out", "/tmp/kit-mask-none.npy", "--device", "cpu"])));
        Assert.Contains("Flow = Offline", e.Message);
        Assert.Contains("--clip", Assert.Throws<UsageException>(() => new MaskCommand().Run(new Args(["--strategy", "motion-guided", "--params", """{"Flow": "Online"}""", "--frames", "4", "--size", "32", "--out", "/tmp/kit-mask-none.npy", "--device", "cpu"]))).Message);
    }
}
