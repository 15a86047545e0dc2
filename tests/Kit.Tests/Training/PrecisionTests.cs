using Kit.Tests.Training.Fakes;
using Kit.Torch;
using Kit.Training;
using Xunit.Abstractions;

namespace Kit.Tests.Training;

/// <summary>Training precisions: names and where each may run, and a short bf16-autocast run on CPU against fp32.</summary>
[Collection("RowExecutors")]
public class PrecisionTests(ITestOutputHelper output)
{
    [Fact]
    public void ParsesTheFourNamesAndRejectsOthers()
    {
        Assert.Null(Precision.Parse("fp32").AutocastDtype);
        Assert.Null(Precision.Parse("TF32").AutocastDtype);
        Assert.Equal(ScalarType.BFloat16, Precision.Parse("bf16").AutocastDtype);
        Assert.Equal(ScalarType.Float16, Precision.Parse("fp16").AutocastDtype);
        Assert.True(Precision.Parse("fp16").NeedsScaler);
        Assert.False(Precision.Parse("bf16").NeedsScaler);
        var e = Assert.Throws<ArgumentException>(() => Precision.Parse("fp8"));
        Assert.Contains("fp32, tf32, bf16, fp16", e.Message);
    }

    [Fact]
    public void Fp16IsRefusedOnCpuWithTheAlternative()
    {
        var e = Assert.Throws<ArgumentException>(() => (TestRuns.Pretrain(steps: 2) with { Precision = "fp16" }).Validate());
        Assert.Contains("Use bf16 on CPU", e.Message);
    }

    /// <summary>
    /// 40 steps of the tiny pre-training on moving squares, fp32 and bf16 autocast from the same seed. bf16 rounds the
    /// encoder's and decoder's matrix products to 8 significant bits. Measured on this machine (libtorch 1.13.1,
    /// OpenBLAS, seeds 1-4): the largest per-step relative difference was 3.5e-3 to 3.6e-3 and the last-10-step means
    /// differed by 3.4e-3 to 3.5e-3 relative (bf16 slightly lower, the same at every step). The bounds are 3x the
    /// largest measured; a broken autocast (a stale weight cache, a loss left in bf16) moves them far more, and the bf16
    /// run must differ from fp32 at all (else autocast did not run).
    /// </summary>
    [Fact]
    public void Bf16AutocastTrainsWithinToleranceOfFp32OnCpu()
    {
        var fp32 = Losses("fp32");
        var bf16 = Losses("bf16");
        var maxRel = fp32.Zip(bf16, (a, b) => Math.Abs(a - b) / Math.Abs(a)).Max();
        var tail32 = fp32.TakeLast(10).Average();
        var tail16 = bf16.TakeLast(10).Average();
        var tailRel = Math.Abs(tail32 - tail16) / tail32;
        output.WriteLine($"max per-step relative difference {maxRel:E3}, last-10 mean fp32 {tail32:F5} bf16 {tail16:F5} (relative {tailRel:E3})");
        Assert.True(maxRel > 0, "bf16 losses equal fp32 exactly: autocast did not run");
        Assert.True(maxRel < 0.011, $"per-step bf16 loss differs from fp32 by up to {maxRel:P2}");
        Assert.True(tailRel < 0.011, $"bf16's final loss level differs from fp32's by {tailRel:P2}");
        Assert.True(fp32[^1] < fp32[0], "the fp32 run should learn");
    }

    private static double[] Losses(string precision)
    {
        var c = TestRuns.Pretrain(steps: 40) with { LogEvery = 1, Precision = precision };
        using var t = TestRuns.NewPretrainer(c, TestRuns.TempDir(), new CubePixelTarget(c.Model.Grid, normalize: false));
        var r = t.Run();
        Assert.All(t.Model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        return r.Log.Select(p => p.Loss).ToArray();
    }

    [Fact]
    public void PretrainCommandTakesPrecisionAndSavesItWithTheConfig()
    {
        TestUtil.RegisterKit();
        var dir = TestRuns.TempDir();
        var code = new Kit.Cli.Commands.PretrainCommand().Run(new Kit.Cli.Args(["--out", dir, "--threads", "2", "--preset", "cpu-tiny", "--precision", "bf16",
            "--set", "data.name=synthetic-stream", "--set", "mask.params.ratio=0.75", "--set", "batchSize=2", "--set", "steps=1", "--set", "device=cpu"]));
        Assert.Equal(0, code);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("bf16", summary["config"]!["precision"]!.GetValue<string>());
        // The checkpoint holds float32 weights whatever the precision.
        using var ck = Checkpoint.Load(Path.Combine(dir, "checkpoint.pt"));
        Assert.All(ck.Section("model.").Values.Where(t => t.dtype is ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float64), t => Assert.Equal(ScalarType.Float32, t.dtype));
    }
}
