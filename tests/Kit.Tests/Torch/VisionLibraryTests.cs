using System.Diagnostics;
using Kit.Torch.Native;

namespace Kit.Tests.Torch;

/// <summary>
/// The native library's two parts: the core (libkitnative) needs no OpenCV, CMake configures a build without OpenCV
/// (KIT_WITH_OPENCV=OFF) with the core only, and a vision call where libkitvision is missing fails with a message
/// naming what is missing and how to get it.
/// </summary>
public class VisionLibraryTests
{
    private static string Native => Path.Combine(TestUtil.RepoRoot(), "lib", "native");

    private static (int Code, string Output) Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + stderr.Result);
    }

    [Fact]
    public void CoreLibraryDoesNotLinkOpenCv()
    {
        var core = Path.Combine(AppContext.BaseDirectory, "libkitnative.so");
        var (code, dynamic) = Run("readelf", ["-d", core]);
        Assert.Equal(0, code);
        Assert.Contains("libtorch", dynamic);
        Assert.DoesNotContain("opencv", dynamic);
    }

    [Fact]
    public void VisionLibraryHoldsTheOpenCvEntryPoints()
    {
        Assert.True(VisionLibrary.IsAvailable, $"this machine has OpenCV, so {VisionLibrary.ExpectedPath()} should have been built and copied");
        var (_, core) = Run("nm", ["-D", "--defined-only", Path.Combine(AppContext.BaseDirectory, "libkitnative.so")]);
        var (_, vision) = Run("nm", ["-D", "--defined-only", VisionLibrary.ExpectedPath()]);
        foreach (var entry in new[] { "kit_video_read", "kit_flow", "kit_opencv_version", "kit_cv_set_num_threads" })
        {
            Assert.Contains(entry, vision);
            Assert.DoesNotContain(entry, core);
        }
        Assert.StartsWith("4.", Kit.Torch.torch.opencv_version);
    }

    [Fact]
    public void CMakeConfiguresTheCoreAloneWithoutOpenCv()
    {
        var build = Directory.CreateTempSubdirectory("kit-core-only").FullName;
        try
        {
            var (code, output) = Run("cmake", ["-S", Native, "-B", build, "-DKIT_WITH_OPENCV=OFF", "-DCMAKE_BUILD_TYPE=Release"]);
            Assert.True(code == 0, output);
            Assert.Contains("libkitvision is not built", output);
            var makefile = File.ReadAllText(Path.Combine(build, "Makefile"));
            Assert.Contains("kitnative", makefile);
            Assert.DoesNotContain("kitvision", makefile);
            var flags = File.ReadAllText(Path.Combine(build, "CMakeFiles", "kitnative.dir", "flags.make"));
            Assert.DoesNotContain("opencv", flags);
        }
        finally
        {
            Directory.Delete(build, true);
        }
    }

    [Fact]
    public void MissingVisionLibraryIsAnErrorNamingOpenCv()
    {
        var e = VisionLibrary.Missing("video decoding", "/nowhere/libkitvision.so");
        Assert.IsAssignableFrom<InvalidOperationException>(e);
        Assert.StartsWith("this build of the kit's native library has no OpenCV: video decoding needs libkitvision.so", e.Message);
        Assert.Contains("libopencv-dev", e.Message);
        Assert.Contains("/nowhere/libkitvision.so", e.Message);
    }

    [Fact]
    public void CliVideoCommandWithoutTheVisionLibraryFailsWithThatMessage()
    {
        // A process whose vision library is missing (KIT_VISION_LIB points nowhere): the CLI's flow command must fail
        // in the user's terms, not with DllNotFoundException or a crash.
        var video = Path.Combine(Directory.CreateTempSubdirectory("kit-novision").FullName, "clip.avi");
        File.WriteAllBytes(video, new byte[1024]);
        var cli = Path.Combine(AppContext.BaseDirectory, "kit-cli.dll");
        var (code, output) = Run("dotnet", [cli, "flow", "--video", video, "--out", video + ".npy"],
            new Dictionary<string, string> { ["KIT_VISION_LIB"] = "/nonexistent/libkitvision.so" });
        Assert.Equal(1, code);
        Assert.Contains("this build of the kit's native library has no OpenCV", output);
        Assert.Contains("/nonexistent/libkitvision.so", output);
        Assert.DoesNotContain("   at ", output);
    }
}
