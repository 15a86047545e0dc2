using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class FlowCommandTests
{
    [Fact]
    public void WritesTminusStrideBy2ByHByW_Float32Npy()
    {
        var dir = Directory.CreateTempSubdirectory("kit-flowcmd").FullName;
        var video = Path.Combine(dir, "v.avi");
        using var scope = NewDisposeScope();
        var a = OpticalFlowTests.Texture(48, 64, 2);
        VideoFile.Write(video, stack([a, OpticalFlowTests.Shifted(a, 2, 0), OpticalFlowTests.Shifted(a, 4, 0), OpticalFlowTests.Shifted(a, 6, 0)]));
        var output = Path.Combine(dir, "f.npy");
        Assert.Equal(0, new Flow().Run(new Args(["--video", video, "--method", "farneback", "--compensate", "--out", output])));
        var flow = Npy.Load(output);
        TestUtil.Shape(flow, 3, 2, 48, 64);
        Assert.Equal(Kit.Torch.ScalarType.Float32, flow.dtype);
        Assert.Equal(0, new Flow().Run(new Args(["--video", video, "--method", "dis", "--stride", "2", "--out", output])));
        var strided = Npy.Load(output);
        TestUtil.Shape(strided, 2, 2, 48, 64);
        TestUtil.Close(4, strided[0, 0].narrow(0, 12, 24).narrow(1, 12, 40).median().item<float>(), 0.2, "two frames apart: 4 px");
        Assert.Throws<UsageException>(() => new Flow().Run(new Args(["--video", video, "--method", "raft", "--out", output])));
        Assert.Throws<UsageException>(() => new Flow().Run(new Args(["--video", video, "--out", Path.Combine(dir, "f.bin")])));
    }
}

/// <summary>`kit flow` streams a long video to disk a chunk at a time (Flow.cs).</summary>
public class FlowStreamingTests
{
    [Fact]
    public void ChunkedFlowEqualsFlowOfTheWholeVideo()
    {
        var dir = Directory.CreateTempSubdirectory("kit-flowstream").FullName;
        try
        {
            var video = Path.Combine(dir, "v.avi");
            using var scope = NewDisposeScope();
            var a = OpticalFlowTests.Texture(48, 64, 2);
            VideoFile.Write(video, stack(Enumerable.Range(0, 9).Select(k => OpticalFlowTests.Shifted(a, k, 0)).ToList()));
            var whole = OpticalFlow.Compute(VideoFile.ReadAll(video), new FlowConfig(FlowMethod.Farneback)).Flow;
            var output = Path.Combine(dir, "f.npy");
            foreach (var chunk in new[] { 1, 3, 100 })
            {
                Assert.Equal(0, new Flow().Run(new Args(["--video", video, "--method", "farneback", "--chunk", $"{chunk}", "--out", output])));
                var streamed = Npy.Load(output);
                TestUtil.Shape(streamed, 8, 2, 48, 64);
                Assert.True(streamed.eq(whole).all().item<bool>(), $"chunks of {chunk} pairs");
            }
            Assert.Equal(new[] { "f.npy", "v.avi" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
