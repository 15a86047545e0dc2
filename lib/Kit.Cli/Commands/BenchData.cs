using System.Text.Json;
using Kit.Data;

namespace Kit.Cli.Commands;

/// <summary>`kit bench data [--json] [--videos N] [--batches N] [--threads N]`</summary>
public sealed class BenchData : ICommand
{
    public string Name => "bench data";
    public string Summary => "data layer: synthetic generation, loader clips/s vs a training step's consumption, flow pairs/s per method";

    public CommandHelp Help => new(
        "[--videos N] [--batches N] [--batch B] [--threads N] [--json]",
        [
            new("videos", "N", $"{new DataBenchConfig().Videos}", "synthetic videos generated for the benchmark"),
            new("batches", "N", $"{new DataBenchConfig().Batches}", "loader batches timed"),
            new("batch", "B", $"{new DataBenchConfig().BatchSize}", "clips per batch"),
            CommonOptions.Threads,
            CommonOptions.Json,
        ],
        ["./kit bench data --videos 16 --batches 4"]);

    public int Run(Args args)
    {
        var json = args.Flag("json");
        var d = new DataBenchConfig();
        var config = new DataBenchConfig(Videos: args.Int("videos", d.Videos), Batches: args.Int("batches", d.Batches), BatchSize: args.Int("batch", d.BatchSize));
        var threads = args.Int("threads", Environment.ProcessorCount);
        args.RejectUnknown();
        Kit.Torch.torch.set_num_threads(threads);
        var work = Directory.CreateTempSubdirectory("kit-bench-data").FullName;
        try
        {
            var r = DataBench.Run(config, work, json ? null : Console.WriteLine);
            var best = r.Loader.Where(l => l.Setting == "clip").Max(l => l.ClipsPerSecond);
            var summary = new { result = r, config, threads, loader_over_training = best / r.TrainClipsPerSecond };
            if (json) Console.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
            else Console.WriteLine($"loader supplies {best / r.TrainClipsPerSecond:F1}x what the stand-in training step consumes");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return 0;
    }
}
