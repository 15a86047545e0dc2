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
        var e = Assert.Throws<UsageException>(() => new MaskCommand().Run(new Args(["--strategy", "motion-guided", "--frames", "4", "--size", "32", "--out", "/tmp/kit-mask-none.npy", "--device", "cpu"])));
        Assert.Contains("--flow FLOW.npy", e.Message);
        Assert.Contains("--video PATH", e.Message);
        Assert.Contains("--clip", Assert.Throws<UsageException>(() => new MaskCommand().Run(new Args(["--strategy", "motion-guided", "--params", """{"Flow": "Online"}""", "--frames", "4", "--size", "32", "--out", "/tmp/kit-mask-none.npy", "--device", "cpu"]))).Message);
    }

    [Fact]
    public void MotionGuidedFromAVideo_WithComputedFlowOrFlowAtTheVideosOwnSize()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-mask-video");
        try
        {
            var video = Path.Combine(dir.FullName, "v.avi");
            var a = Kit.Tests.Data.OpticalFlowTests.Texture(48, 64, 2);
            VideoFile.Write(video, stack(Enumerable.Range(0, 10).Select(k => Kit.Tests.Data.OpticalFlowTests.Shifted(a, 2 * k, 0)).ToList()));
            var flow = Path.Combine(dir.FullName, "f.npy");
            Assert.Equal(0, new Flow().Run(new Args(["--video", video, "--method", "farneback", "--out", flow])));   // (9, 2, 48, 64)
            string Mask(string name, params string[] extra)
            {
                var path = Path.Combine(dir.FullName, name);
                Assert.Equal(0, new MaskCommand().Run(new Args([.. (string[])["--strategy", "motion-guided", "--video", video, "--frames", "4", "--size", "32", "--ratio", "0.75", "--stride", "2", "--flow-method", "farneback", "--out", path, "--device", "cpu"], .. extra])));
                return path;
            }
            foreach (var m in new[] { Mask("computed.npy"), Mask("given.npy", "--flow", flow) })
            {
                var mask = Npy.Load(m);
                TestUtil.Shape(mask, 2 * 4);
                Assert.Equal(2 * 3, mask.sum().item<long>());   // 75 % of 4 tokens per slot: 3 hidden
            }
            // flow of another size than the video's is refused, naming both sizes
            var small = Path.Combine(dir.FullName, "small.npy");
            Npy.Save(small, zeros([9, 2, 32, 32]));
            var e = Assert.Throws<UsageException>(() => Mask("x.npy", "--flow", small));
            Assert.Contains("32x32 but the video's are 64x48", e.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void ClipMayBeFramesLastOrChannelsFirst()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-mask-clip");
        try
        {
            var clip = randint(0, 256, [4, 32, 32, 3], uint8);
            var thwc = Path.Combine(dir.FullName, "thwc.npy");
            var cthw = Path.Combine(dir.FullName, "cthw.npy");
            Npy.Save(thwc, clip);
            Npy.Save(cthw, clip.permute(3, 0, 1, 2).contiguous());
            var a = TargetsInput.LoadClip(thwc, "clip", Kit.Torch.Device.CPU);
            var b = TargetsInput.LoadClip(cthw, "clip", Kit.Torch.Device.CPU);
            TestUtil.Shape(a, 1, 3, 4, 32, 32);
            Assert.True(a.eq(b).all().item<bool>());
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
