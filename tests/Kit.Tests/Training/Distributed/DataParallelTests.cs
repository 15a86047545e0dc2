using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Data.Synth;
using Kit.Pipeline;
using Kit.Torch.Native;
using Kit.Training;
using Kit.Training.Distributed;
using Xunit.Abstractions;

namespace Kit.Tests.Training.Distributed;

/// <summary>
/// Data-parallel pre-training over two processes on loopback (Gloo), launched as a user would (`kit pretrain --nproc 2`),
/// against the single-process run at the same global batch (2 micro-batches of 2 clips per step), and its resume.
/// The tiny model, 4 steps and a constant learning rate keep each launch to a few seconds.
/// </summary>
[Collection("RowExecutors")]
public class DataParallelTests(ITestOutputHelper output)
{
    private static readonly SynthConfig Data = new(Videos: 8, Seed: 7, Size: 32, Frames: 24);

    private static string[] Run(string outDir, int steps) =>
    [
        "--out", outDir, "--threads", "1",
        "--set", "model.frames=8", "--set", "model.imageSize=32", "--set", "model.dim=96", "--set", "model.depth=2", "--set", "model.heads=3",
        "--set", "model.name=cpu-tiny", "--set", "model.decoder.dim=64", "--set", "model.decoder.heads=2", "--set", "model.decoder.depth=1",
        "--set", $"data.params={{\"videos\":{Data.Videos},\"size\":{Data.Size},\"frames\":{Data.Frames},\"seed\":{Data.Seed}}}",
        "--set", "target.name=pixel", "--set", "mask.name=tube", "--set", "mask.params.ratio=0.75",
        "--set", "batchSize=2", "--set", "optim.accumulation=2",
        // peak lr = baseLr x 2 x 2 / 256 = minLr, no warmup: the rate does not depend on the run's length, so a run of
        // 2 steps resumed to 4 follows the same schedule as a run of 4
        "--set", "optim.baseLr=0.064", "--set", "optim.minLr=0.001", "--set", "optim.warmupFraction=0",
        "--set", "device=cpu", "--set", "logEvery=1", "--set", "checkpointEvery=100", "--set", $"steps={steps}",
    ];

    /// <summary>Runs `kit pretrain ARGS` as a separate process.</summary>
    private (int Code, string Output) Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "kit-cli.dll"), "pretrain", .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var v in DistributedEnvironment.Variables) psi.Environment.Remove(v);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var text = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "the launch did not finish in 2 minutes");
        output.WriteLine(text + err.Result);
        return (p.ExitCode, text + err.Result);
    }

    private static double[] Losses(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["loss"]!.GetValue<double>()).ToArray();

    [VisionFact]
    public void TwoGlooProcessesFollowTheSingleProcessCurveAndResumeIdentically()
    {
        _ = ScaleData.SplitsFor(Data); // generated once here, not raced by the ranks
        var root = Fakes.TestRuns.TempDir();
        string Dir(string name) => Path.Combine(root, name);

        TestUtil.RegisterKit();
        Assert.Equal(0, new PretrainCommand().Run(new Args(Run(Dir("single"), 4))));
        var single = Losses(Dir("single"));

        var (code, text) = Cli([.. Run(Dir("two"), 4), "--nproc", "2"]);
        Assert.True(code == 0, text);
        Assert.Contains("launching 2 processes", text);
        var two = Losses(Dir("two"));
        // Only rank 0 writes: one line per step, not two.
        Assert.Equal(4, two.Length);
        // Same micro-batches, same per-micro-batch random draws; the gradient sum is formed in another order.
        // Measured: equal to every printed digit; the bound allows float32 reassociation over 4 steps.
        TestUtil.Close(single, two, 1e-5);

        (code, text) = Cli([.. Run(Dir("resumed"), 2), "--nproc", "2"]);
        Assert.True(code == 0, text);
        (code, text) = Cli([.. Run(Dir("resumed"), 4), "--nproc", "2", "--resume"]);
        Assert.True(code == 0, text);
        // Same world size: the resumed run repeats the uninterrupted one bit for bit.
        Assert.Equal(two, Losses(Dir("resumed")));

        // A different world size resumes too: the 2-process checkpoint at step 2, continued by one process.
        Directory.CreateDirectory(Dir("one-after-two"));
        (code, text) = Cli([.. Run(Dir("one-after-two"), 2), "--nproc", "2"]);
        Assert.True(code == 0, text);
        Assert.Equal(0, new PretrainCommand().Run(new Args([.. Run(Dir("one-after-two"), 4), "--resume"])));
        TestUtil.Close(single, Losses(Dir("one-after-two")), 1e-5);
    }

    [VisionFact]
    public void GlobalBatchThatDoesNotSplitOverTheProcessesIsAClearError()
    {
        _ = ScaleData.SplitsFor(Data);
        var args = Run(Fakes.TestRuns.TempDir(), 2).Select(a => a == "optim.accumulation=2" ? "optim.accumulation=1" : a).ToArray();
        var (code, text) = Cli([.. args, "--nproc", "2"]);
        Assert.Equal(1, code);
        Assert.Contains("does not split over 2 processes", text);
        Assert.Contains("optim.accumulation to a multiple of 2", text);
    }

    [Fact]
    public void EnvironmentIsReadFromTheStandardVariables()
    {
        var vars = new Dictionary<string, string?> { ["MASTER_ADDR"] = "10.0.0.1", ["MASTER_PORT"] = "29500", ["RANK"] = "3", ["WORLD_SIZE"] = "4", ["LOCAL_RANK"] = "1" };
        var env = DistributedEnvironment.From(k => vars.GetValueOrDefault(k))!;
        Assert.Equal(new DistributedEnvironment("10.0.0.1", 29500, 3, 4, 1), env);
        Assert.Equal(vars.ToDictionary(kv => kv.Key, kv => kv.Value!), env.ToVariables());
        Assert.Null(DistributedEnvironment.From(_ => null));
        vars["RANK"] = "4";
        Assert.Contains("RANK 4 is outside 0..3", Assert.Throws<ArgumentException>(() => DistributedEnvironment.From(k => vars.GetValueOrDefault(k))).Message);
        vars.Remove("MASTER_ADDR");
        Assert.Contains("MASTER_ADDR", Assert.Throws<ArgumentException>(() => DistributedEnvironment.From(k => vars.GetValueOrDefault(k))).Message);
    }

    [Fact]
    public void OneProcessGroupOnLoopbackAveragesOverItself()
    {
        Assert.Contains("gloo", ProcessGroup.AvailableBackends);
        using var g = ProcessGroup.Init(new DistributedEnvironment("127.0.0.1", FreePort(), 0, 1, 0));
        using var t = Kit.Torch.torch.tensor(new float[] { 1, 2, 3 });
        g.AllReduceMean([t]);
        g.Barrier();
        Assert.Equal([1f, 2f, 3f], t.ToArray<float>());
    }

    [Fact]
    public void MicroBatchSeedsDependOnSeedAndIndexOnly()
    {
        Assert.Equal(TrainLoop.MicroBatchSeed(1, 5), TrainLoop.MicroBatchSeed(1, 5));
        var seeds = Enumerable.Range(0, 1000).Select(i => TrainLoop.MicroBatchSeed(1, i)).ToHashSet();
        Assert.Equal(1000, seeds.Count);
        Assert.NotEqual(TrainLoop.MicroBatchSeed(1, 0), TrainLoop.MicroBatchSeed(2, 0));
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
