using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Data.Synth;
using Kit.Pipeline;
using Kit.Targets;
using Kit.Torch;
using Kit.Training;

namespace Kit.Tests.Data;

/// <summary>
/// The synthetic protocol as the CLI's "synthetic-stream" data: strided shares for data-parallel ranks, the registry's
/// parameters, and training through the CLI in a process without the vision library (OpenCV).
/// </summary>
[Collection("RowExecutors")]
public class SyntheticStreamSourceTests
{
    private static readonly Kit.Model.ModelConfig Tiny = Kit.Model.ModelPresets.Get("cpu-tiny");

    [Fact]
    public void ARanksShareIsEveryNthBatchRenderedAlone()
    {
        var protocol = new SynthProtocol(new SynthStream(new SynthConfig(Size: Tiny.ImageSize)), Workers: 0);
        using var source = new SynthStreamSource(protocol, new ClipSourceRequest("train", TargetNeeds.None, Tiny.Grid, 1, Device.CPU, new ViewSpec(), Labelled: true), trainOnStream: true);
        var all = source.Epoch(0, 2).Take(4).Select(b => { using (b) return b.VideoIndices!; }).ToList();
        var share = ((IClipSource)source).Epoch(0, 2, 1, 2).Take(2).Select(b => { using (b) return b.VideoIndices!; }).ToList();
        Assert.Equal([all[1], all[3]], share);
    }

    [Fact]
    public void TheRegistryBuildsTheProtocolFromParameters()
    {
        TestUtil.RegisterKit("cpu");
        var request = new ClipSourceRequest("train", TargetNeeds.Flow, Tiny.Grid, 1, Device.CPU, new ViewSpec(), Labelled: true);
        using var stream = Assert.IsType<SynthStreamSource>(Registries.Sources.Create(new ComponentConfig("synthetic-stream"), request, "data"));
        Assert.Null(stream.Count);
        using var labelled = Assert.IsType<SynthStreamSource>(Registries.Sources.Create(new ComponentConfig("synthetic-stream", new JsonObject { ["train"] = "labelled", ["labelled"] = 2 }), request, "data"));
        Assert.Equal(2 * 14, labelled.Count);
        var e = Assert.ThrowsAny<ArgumentException>(() => Registries.Sources.Create(new ComponentConfig("synthetic-stream", new JsonObject { ["train"] = "all" }), request, "data"));
        Assert.Contains("data.params.train 'all'", e.ToString());
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
