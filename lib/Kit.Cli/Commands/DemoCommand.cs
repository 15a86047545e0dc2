using System.Text.Json;
using Kit.Demo;

namespace Kit.Cli.Commands;

/// <summary>`kit demo`: the tensor-engine demo — a transformer trained, checkpointed, reloaded and evaluated through the kit's libtorch layer.</summary>
public sealed class DemoCommand : ICommand
{
    public string Name => "demo";
    public string Summary => "tensor-engine demo: a small transformer learns to count tokens; checkpoint, reload, evaluate";

    public CommandHelp Help => new(
        "[--steps N] [--device D] [--out DIR]",
        [
            new("steps", "N", "400", "training steps"),
            CommonOptions.Device,
            new("out", "DIR", "runs/engine-demo", "checkpoint and summary.json", Sample: "demo"),
        ],
        ["./kit demo --steps 100"]);

    public int Run(Args args)
    {
        var outDir = args.String("out", Path.Combine(RepoRoot.Find(), "runs", "engine-demo"));
        var config = new CountingDemoConfig(Steps: args.Int("steps", 400), Device: args.String("device", "auto"));
        args.RejectUnknown();
        Console.WriteLine($"config: {JsonSerializer.Serialize(config)}");
        var r = CountingDemo.Run(config, outDir, (step, loss) =>
        {
            if (step % 50 == 0 || step == config.Steps) Console.WriteLine($"  step {step,4}/{config.Steps}  loss {loss:F4}");
        });
        Console.WriteLine($"loss {r.FirstLoss:F3} -> {r.FinalLoss:F3}; test accuracy {r.TestAccuracy:P1}; after reload {r.ReloadedAccuracy:P1}; {r.Parameters:N0} parameters; {r.Seconds:F1} s");
        Console.WriteLine($"checkpoint (opens with Python's torch.load): {r.Checkpoint}");
        Kit.Torch.AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), JsonSerializer.Serialize(new { config, result = r }, new JsonSerializerOptions { WriteIndented = true }));
        return r.TestAccuracy > 0.5 ? 0 : 1;
    }
}
