using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>`kit targets --video`: decoding, cropping and flow feed the same targets as .npy input (TargetsInput.FromVideo).</summary>
public class TargetsVideoInputTests
{
    private const string Vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    [SampleVideoFact]
    public void PixelTargetOfADecodedClipEqualsThePixelTargetOfItsNpy()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-targets-video");
        try
        {
            var grid = new TokenGrid(4, 64, 64, 2, 16);
            var batch = TargetsInput.FromVideo(Vtest, grid, stride: 2, start: 10, flowPairs: 0, new FlowConfig(), TargetNeeds.None, Kit.Torch.Device.CPU);
            TestUtil.Shape(batch.Clip, 1, 3, 4, 64, 64);
            var clipPath = Path.Combine(dir.FullName, "clip.npy");
            Npy.Save(clipPath, batch.Clip.squeeze(0));
            var fromVideo = Path.Combine(dir.FullName, "v.npy");
            var fromNpy = Path.Combine(dir.FullName, "n.npy");
            Assert.Equal(0, new TargetsCommand().Run(new Args(["--video", Vtest, "--start", "10", "--frames", "4", "--size", "64", "--target", "pixel", "--out", fromVideo, "--device", "cpu"])));
            Assert.Equal(0, new TargetsCommand().Run(new Args(["--clip", clipPath, "--target", "pixel", "--out", fromNpy, "--device", "cpu"])));
            Assert.True((Npy.Load(fromVideo) - Npy.Load(fromNpy)).abs().max().item<float>() < 1e-6);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [SampleVideoFact]
    public void TrajectoryTargetGetsFlowPastTheSpanAndRawFrames()
    {
        using var scope = NewDisposeScope();
        var grid = new TokenGrid(4, 64, 64, 2, 16);
        var target = TargetRegistry.Create("trajectory", new TargetContext(grid, 3, 2));
        var needed = target.FlowFramesNeeded(grid, 2);
        Assert.True(needed > 4 * 2 - 1, "L = 6 trajectories of the last cube run past an 8-raw-frame span");
        var batch = TargetsInput.FromVideo(Vtest, grid, 2, 0, needed, new FlowConfig(Method: FlowMethod.Farneback), target.Needs, Kit.Torch.Device.CPU);
        TestUtil.Shape(batch.Flow!, 1, needed, 2, 64, 64);
        TestUtil.Shape(batch.RawClip!, 1, 3, needed + 1, 64, 64);
        var parts = target.Compute(batch, grid);
        Assert.Equal(grid.Tokens, parts[0].Values.size(1));
        // vtest.avi's camera is static: most of the frame does not move.
        Assert.True(batch.Flow!.abs().mean().item<float>() < 1.0f);
    }

    [Fact]
    public void VideoAndNpyInputsAreMutuallyExclusive()
    {
        var e = Assert.Throws<UsageException>(() => new TargetsCommand().Run(new Args(["--video", Vtest, "--raw", "r.npy", "--target", "pixel", "--out", "x.npy"])));
        Assert.Contains("--video", e.Message);
        e = Assert.Throws<UsageException>(() => new TargetsCommand().Run(new Args(["--video", Vtest, "--clip", "c.npy", "--target", "pixel", "--out", "x.npy"])));
        Assert.Contains("--video and --clip", e.Message);
    }
}

/// <summary>A fact that needs OpenCV's sample videos (Debian opencv-doc, installed by ./kit setup); skipped visibly without them.</summary>
public sealed class SampleVideoFactAttribute : FactAttribute
{
    public SampleVideoFactAttribute()
    {
        if (!File.Exists("/usr/share/doc/opencv-doc/examples/data/vtest.avi")) Skip = "needs opencv-doc's sample videos (./kit setup installs them)";
    }
}
