using System.Text.Json;
using Kit.Experiments;
using Kit.Pipeline;
using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit bench stream [--scale quick|cpu|gpu] [--batches N] [--threads N] [--json]`</summary>
public sealed class BenchStream : ICommand
{
    public string Name => "bench stream";
    public string Summary => "synthetic stream: clips/s rendered (with oracle or estimated flow, with each motion target) vs what a training step consumes";

    public CommandHelp Help => new(
        "[--scale quick|cpu|gpu] [--batches N] [--threads N] [--json]",
        [
            new("scale", "quick|cpu|gpu", "cpu", "the scale whose clips, model and batch are measured", Sample: "smoke"),
            new("batches", "N", "3", "batches timed per setting (after one warm-up batch)", Sample: "1"),
            CommonOptions.Threads,
            CommonOptions.Json,
        ],
        ["./kit bench stream --scale cpu"]);

    public int Run(Args args)
    {
        Scale scale;
        try { scale = Scale.Get(args.String("scale", Scale.Cpu.Name)); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        if (scale.Dataset != Scale.SynthStreamName) throw new UsageException($"--scale {scale.Name} does not train on the synthetic stream");
        var batches = args.Int("batches", 3);
        if (batches < 1) throw new UsageException($"--batches expects a positive integer, got {batches}");
        var json = args.Flag("json");
        PretrainShared.ApplyThreads(args);
        args.RejectUnknown();
        var result = StreamBench.Run(scale, batches, json ? null : Console.WriteLine);
        if (json) Console.WriteLine(JsonSerializer.Serialize(result, ConfigJson.Options));
        return 0;
    }
}
