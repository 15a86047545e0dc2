using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit probe --from DIR[/checkpoint.pt] [--config FILE] [--set key=value ...] --out DIR`: linear probe on the frozen encoder.</summary>
public sealed class ProbeCommand : ICommand
{
    public string Name => "probe";
    public string Summary => "linear probe: frozen pre-trained encoder, linear classifier on pooled features, then evaluation";

    public CommandHelp Help => FinetuneRunner.Help(FinetuneConfig.ProbeDefault, ["./kit probe --from runs/pre --out runs/probe"]);

    public int Run(Args args) => FinetuneRunner.Run(args, FinetuneConfig.ProbeDefault);
}
