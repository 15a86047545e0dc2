using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class VideoFileTests
{
    internal const string OpencvData = "/usr/share/doc/opencv-doc/examples/data";
    internal static string Vtest => Path.Combine(OpencvData, "vtest.avi");

    private static Tensor RandomFrames(int t, int h, int w, ulong seed)
    {
        manual_seed(seed);
        return randint(0, 256, [t, h, w, 3], uint8);
    }

    [Fact]
    public void WriteThenReadIsLosslessAndDeterministic()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-video").FullName;
        var frames = RandomFrames(12, 24, 40, 3);
        var a = Path.Combine(dir, "a.avi");
        var b = Path.Combine(dir, "b.avi");
        VideoFile.Write(a, frames);
        VideoFile.Write(b, frames);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        var info = VideoFile.Info(a);
        Assert.Equal(new VideoInfo(12, 24, 40, 25), info);
        var back = VideoFile.ReadAll(a);
        Assert.True(back.eq(frames).all().item<bool>());
    }

    [Fact]
    public void ReadsRequestedFramesInRequestedOrder()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-video").FullName;
        var frames = RandomFrames(70, 16, 16, 5);
        var path = Path.Combine(dir, "v.avi");
        VideoFile.Write(path, frames);
        long[] idx = [5, 2, 2, 69, 50];
        var got = VideoFile.Read(path, idx);
        var want = frames.index_select(0, tensor(idx));
        Assert.True(got.eq(want).all().item<bool>());
        // far-in start exercises the seek path
        var late = VideoFile.Read(path, [60, 61]);
        Assert.True(late.eq(frames.narrow(0, 60, 2)).all().item<bool>());
    }

    [Fact]
    public void Vtest_DecodesWithItsTrueFrameCount()
    {
        using var scope = NewDisposeScope();
        var info = VideoFile.Info(Vtest);
        Assert.Equal(795, info.Frames);
        Assert.Equal(576, info.Height);
        Assert.Equal(768, info.Width);
        var f = VideoFile.Read(Vtest, [0, 794]);
        TestUtil.Shape(f, 2, 576, 768, 3);
        Assert.True(f.@float().std().item<float>() > 10, "real footage has texture");
    }

    [Fact]
    public void ContainerCountCanLie_ExactCountDecodes()
    {
        // tree.avi's header claims 444 frames; 68 decode (checked with ffprobe -count_frames).
        var tree = Path.Combine(OpencvData, "tree.avi");
        Assert.Equal(444, VideoFile.Info(tree, exact: false).Frames);
        Assert.Equal(68, VideoFile.Info(tree).Frames);
    }

    [Fact]
    public void MissingCorruptAndShortFilesRaiseErrorsNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("kit-video").FullName;
        var missing = Path.Combine(dir, "nope.avi");
        var e1 = Assert.Throws<TorchException>(() => VideoFile.Info(missing));
        Assert.Contains("nope.avi", e1.Message);
        var garbage = Path.Combine(dir, "garbage.avi");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var e2 = Assert.Throws<TorchException>(() => VideoFile.Read(garbage, [0]));
        Assert.Contains("garbage.avi", e2.Message);
        using var scope = NewDisposeScope();
        var shortPath = Path.Combine(dir, "short.avi");
        VideoFile.Write(shortPath, RandomFrames(4, 16, 16, 1));
        var e3 = Assert.Throws<TorchException>(() => VideoFile.Read(shortPath, [10]));
        Assert.Contains("short.avi", e3.Message);
        Assert.Contains("frame 10", e3.Message);
    }

    [Theory]
    [InlineData("libvpx-vp9", "webm")]
    [InlineData("libx264", "mp4")]
    public void DatasetContainers_SSv2WebmAndKineticsMp4_Decode(string codec, string extension)
    {
        // SSv2 ships VP9 in WebM and Kinetics H.264 in MP4: encode 12 real frames with the ffmpeg CLI and read them back.
        Assert.True(File.Exists("/usr/bin/ffmpeg"), "ffmpeg (a setup package) is missing");
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-video").FullName, $"clip.{extension}");
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/ffmpeg", ["-v", "error", "-y", "-i", Vtest, "-frames:v", "12", "-vf", "scale=160:120", "-c:v", codec, path]) { RedirectStandardError = true };
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
        }
        Assert.Equal(12, VideoFile.Info(path).Frames);
        using var scope = NewDisposeScope();
        var f = VideoFile.Read(path, [11, 3]);
        TestUtil.Shape(f, 2, 120, 160, 3);
        Assert.True(f.@float().std().item<float>() > 10);
    }

    [Theory]
    [InlineData("libx264", "mp4")]
    [InlineData("libvpx-vp9", "webm")]
    public void SeekingIntoACompressedStream_GivesTheSameFramesAsDecodingFromTheStart(string codec, string extension)
    {
        // Inter-coded streams (key frame every 30, B-frames for H.264): a clip far into the video is read by seeking.
        var path = Path.Combine(Directory.CreateTempSubdirectory("kit-video").FullName, $"seek.{extension}");
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/ffmpeg", ["-v", "error", "-y", "-i", Vtest, "-frames:v", "120", "-vf", "scale=160:120", "-c:v", codec, "-g", "30", path]) { RedirectStandardError = true };
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
        }
        using var scope = NewDisposeScope();
        var all = VideoFile.ReadAll(path);
        long[] idx = [75, 77, 79, 81];
        var sought = VideoFile.Read(path, idx);
        Assert.True(sought.eq(all.index_select(0, tensor(idx))).all().item<bool>(), "frames read after a seek differ from the same frames decoded in order");
    }
}
