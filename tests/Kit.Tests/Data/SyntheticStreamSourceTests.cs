using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Data.Synth;
using Kit.Targets;
using Kit.Torch;
using Kit.Training;

namespace Kit.Tests.Data;

/// <summary>
/// The in-memory synthetic stream: deterministic by (seed, epoch, batch), never repeating a scene, strided shares for
/// data-parallel ranks, and training through the CLI in a process without the vision library (OpenCV).
/// </summary>
public class SyntheticStreamSourceTests
{
    private static readonly Kit.Model.ModelConfig Tiny = Kit.Model.ModelPresets.Get("cpu-tiny");

    private static SyntheticStreamSource Source(ulong seed = 7) =>
        new(new SynthConfig(Seed: seed, Size: Tiny.ImageSize, Frames: Tiny.Frames * 2), new ClipSourceRequest("train", TargetNeeds.None, Tiny.Grid, 1, Device.CPU, new ViewSpec(), Labelled: true), stride: 2, videosPerEpoch: 8);

    private static float[][] Clips(IEnumerable<Kit.Data.ClipBatch> batches) =>
        batches.Select(b => { using (b) return b.Clip.ToArray<float>(); }).ToArray();

    [Fact]
    public void BatchesAreAFunctionOfEpochAndIndexAndNeverRepeat()
    {
        using var a = Source();
        using var b = Source();
        var epoch0 = Clips(a.Epoch(0, 2));                       // 4 batches of 2
        Assert.Equal(4, epoch0.Length);
        Assert.Equal(epoch0[2], Clips(b.Epoch(0, 2, skip: 2))[0]);
        var epoch1 = Clips(a.Epoch(1, 2));
        Assert.NotEqual(epoch0[0], epoch1[0]);
        Assert.Equal(epoch0[1], Clips(((IClipSource)a).Epoch(0, 2, 1, 2))[0]);   // a rank's strided share
        Assert.Equal(epoch0[3], Clips(((IClipSource)a).Epoch(0, 2, 1, 2))[1]);
        using var first = a.Epoch(0, 2).First();
        Assert.Equal([2L, 3, Tiny.Frames, Tiny.ImageSize, Tiny.ImageSize], first.Clip.shape);
        Assert.Equal(2, first.Labels!.shape[0]);
    }

    [Fact]
    public void RefusesASizeTheModelDoesNotTake()
    {
        var e = Assert.Throws<ArgumentException>(() => new SyntheticStreamSource(new SynthConfig(Size: 64, Frames: 16), new ClipSourceRequest("train", TargetNeeds.None, Tiny.Grid, 1, Device.CPU, new ViewSpec(), false)));
        Assert.Contains("data.params.size=32", e.Message);
    }

    [Fact]
    public void CliPretrainsOnTheStreamWithoutTheVisionLibrary()
    {
        var dir = Directory.CreateTempSubdirectory("kit-stream").FullName;
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "kit-cli.dll"), "pretrain", "--out", dir, "--threads", "1",
            "--preset", "cpu-tiny", "--set", "data.name=synthetic-stream", "--set", "mask.params.ratio=0.75", "--set", "batchSize=2",
            "--set", "steps=2", "--set", "device=cpu", "--set", "logEvery=1"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        // As on a machine whose build has no OpenCV: any vision call would fail with the missing-OpenCV error.
        psi.Environment["KIT_VISION_LIB"] = "/nonexistent/libkitvision.so";
        var (code, output) = Run(psi);
        Assert.True(code == 0, output);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Length);
        Assert.Equal("synthetic-stream", JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["config"]!["data"]!["name"]!.GetValue<string>());
    }

    private static (int Code, string Output) Run(ProcessStartInfo psi)
    {
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }
}
