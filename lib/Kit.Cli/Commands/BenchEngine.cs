using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Bench;

namespace Kit.Cli.Commands;

/// <summary>`kit bench engine [--json] [--threads N] [--no-python]`: sgemm, transformer training step, memory, PyTorch comparison.</summary>
public sealed class BenchEngine : ICommand
{
    public string Name => "bench engine";
    public string Summary => "tensor engine: sgemm GFLOP/s, transformer train step, memory over 2,000 steps, vs Python PyTorch";

    public CommandHelp Help => new(
        "[--steps N] [--memory-steps N] [--device D] [--threads N] [--no-python] [--json]",
        [
            new("steps", "N", "10", "timed transformer training steps"),
            new("memory-steps", "N", "2000", "steps of the memory-growth loop"),
            CommonOptions.Device,
            CommonOptions.Threads,
            new("no-python", null, null, "skip the comparison with Python PyTorch"),
            CommonOptions.Json,
        ],
        ["./kit bench engine --steps 5 --memory-steps 200 --no-python"]);

    public int Run(Args args)
    {
        var json = args.Flag("json");
        var threads = args.Int("threads", Environment.ProcessorCount);
        var noPython = args.Flag("no-python");
        var config = new EngineBenchConfig(
            TimedSteps: args.Int("steps", 10),
            MemorySteps: args.Int("memory-steps", 2000),
            Device: args.String("device", "auto"));
        args.RejectUnknown();
        Kit.Torch.torch.set_num_threads(threads);
        var r = EngineBench.Run(config, json ? null : Console.WriteLine);
        var node = JsonSerializer.SerializeToNode(r)!.AsObject();
        node["config"] = JsonSerializer.SerializeToNode(config);
        if (!noPython && PythonStepMs(config, threads) is { } py)
        {
            node["python_step_ms"] = py;
            node["csharp_overhead_vs_python"] = r.StepMs / py - 1;
        }
        node["targets"] = new JsonObject
        {
            ["step_at_least_40pct_of_sgemm"] = r.StepFractionOfSgemm >= 0.40,
            ["rss_growth_bytes"] = r.RssAfterLoopBytes - r.RssAfterWarmupBytes,
        };
        Console.WriteLine(json ? node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : $"python comparison: {node["python_step_ms"]?.ToString() ?? "n/a"} ms");
        return 0;
    }

    /// <summary>Runs tools/bench_engine_torch.py (the same model in PyTorch on the same libtorch) when python3-torch is installed.</summary>
    private static double? PythonStepMs(EngineBenchConfig c, int threads)
    {
        var script = Path.Combine(RepoRoot.Find(), "tools", "bench_engine_torch.py");
        if (!File.Exists(script) || !File.Exists("/usr/bin/python3")) return null;
        var psi = new ProcessStartInfo("/usr/bin/python3", [script, "--dim", $"{c.Dim}", "--blocks", $"{c.Blocks}", "--heads", $"{c.Heads}", "--tokens", $"{c.Tokens}", "--batch", $"{c.Batch}", "--warmup", $"{c.WarmupSteps}", "--steps", $"{c.TimedSteps}", "--threads", $"{threads}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Console.Error.WriteLine($"python comparison skipped: {err.Trim().Split('\n').LastOrDefault()}");
            return null;
        }
        return JsonNode.Parse(output)!["step_ms"]!.GetValue<double>();
    }
}
