using System.Text.Json;
using Kit.Demo;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit run`: the README's main job. Until the ablation notebooks and runner exist it runs the engine demo (a
/// transformer trained, checkpointed, reloaded and evaluated through the kit's libtorch layer) and says so.
/// </summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Summary => "the main job (for now: the tensor-engine demo; ablation tables come with the notebooks)";

    public int Run(Args args)
    {
        var outDir = args.String("out", Path.Combine(RepoRoot.Find(), "runs", "engine-demo"));
        var config = new CountingDemoConfig(Steps: args.Int("steps", 400), Device: args.String("device", "auto"));
        args.RejectUnknown();
        Console.WriteLine("kit run: engine demo — the ablation notebooks and their runner are not built yet, so the main job");
        Console.WriteLine("trains a small transformer to count tokens through the kit's libtorch layer, checkpoints, reloads and evaluates it.");
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
