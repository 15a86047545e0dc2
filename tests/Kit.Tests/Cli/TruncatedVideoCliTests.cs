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
