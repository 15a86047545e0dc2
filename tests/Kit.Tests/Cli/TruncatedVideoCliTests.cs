using Kit.Data;
using Kit.Tests.Data;

namespace Kit.Tests.Cli;

/// <summary>`kit targets --video` and `kit mask --video` on a truncated file: an error naming the file and the counts,
/// exit code 1, nothing written (issue 17 item 1: it used to write an all-zero target and exit 0).</summary>
public class TruncatedVideoCliTests
{
    [Theory]
    [InlineData("targets", "--target", "trajectory")]
    [InlineData("mask", "--strategy", "motion-guided")]
    public void TruncatedVideoIsAnErrorNamingTheFileAndTheCounts(string command, string option, string value)
    {
        var dir = Directory.CreateTempSubdirectory("kit-cli-trunc").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.avi");
            var (claimed, decoded) = TruncatedVideo.Make(bad, frames: 40, size: 32);
            var output = Path.Combine(dir, "out.npy");
            var (code, _, stderr) = HelpTests.Run([command, "--video", bad, option, value, "--frames", "4", "--size", "64", "--stride", "2", "--flow-method", "farneback", "--out", output, "--device", "cpu"]);
            Assert.Equal(1, code);
            Assert.Contains($"video '{bad}' decodes {decoded} frames although its container claims {claimed}", stderr);
            Assert.Contains("the clip needs frames 0..", stderr);
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

/// <summary>`kit targets --video` with `--flow` of the whole video at its own size (./kit flow's output).</summary>
public class TargetsVideoFlowTests
{
    [Fact]
    public void FlowOfTheVideosOwnSizeIsCroppedWithTheFrames()
    {
        var dir = Directory.CreateTempSubdirectory("kit-cli-vflow").FullName;
        try
        {
            using var scope = Kit.Torch.torch.NewDisposeScope();
            var video = Path.Combine(dir, "v.avi");
            var a = OpticalFlowTests.Texture(48, 64, 2);
            VideoFile.Write(video, Kit.Torch.torch.stack(Enumerable.Range(0, 16).Select(k => OpticalFlowTests.Shifted(a, k, 0)).ToList()));
            var flow = Path.Combine(dir, "f.npy");
            Assert.Equal(0, HelpTests.Run(["flow", "--video", video, "--method", "farneback", "--out", flow]).Code);
            var output = Path.Combine(dir, "t.npy");
            var (code, _, stderr) = HelpTests.Run(["targets", "--video", video, "--flow", flow, "--target", "trajectory", "--params", "{\"Length\": 2}", "--frames", "4", "--size", "32", "--out", output, "--device", "cpu"]);
            Assert.True(code == 0, stderr);
            Assert.Equal(2 * 2 * 2, Npy.Load(output).size(0));   // 2 slots x 2 x 2 patches of 16 px
            var (bad, _, err) = HelpTests.Run(["targets", "--video", video, "--flow", flow, "--target", "trajectory", "--frames", "8", "--size", "32", "--out", output, "--device", "cpu"]);
            Assert.Equal(1, bad);   // 8 frames x stride 2 = 16 frames plus the trajectory's: more than the video holds
            Assert.Contains("decodes 16 frames", err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
