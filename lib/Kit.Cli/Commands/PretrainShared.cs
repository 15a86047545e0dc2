using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>What the training commands share: config loading with --set, console progress, Ctrl+C as cancellation.</summary>
internal static class PretrainShared
{
    /// <summary>Reads --config FILE and every --set key=value into a typed config.</summary>
    public static T LoadConfig<T>(Args args, T defaults) => ConfigJson.Load(args.Get("config"), args.All("set"), defaults);

    /// <summary>--threads N (default: all cores) for libtorch's intra-op pool.</summary>
    public static void ApplyThreads(Args args) => Kit.Torch.torch.set_num_threads(args.Int("threads", Environment.ProcessorCount));

    /// <summary>A checkpoint path from a run folder or a file (not checked: see <see cref="RequireCheckpoint"/>).</summary>
    public static string CheckpointPath(string fromArg) => Directory.Exists(fromArg) ? Path.Combine(fromArg, "checkpoint.pt") : fromArg;

    /// <summary>Fails, naming --from, unless the checkpoint exists (called after the options are checked).</summary>
    public static string RequireCheckpoint(string path) =>
        File.Exists(path) ? path : throw new UsageException($"--from: no checkpoint at '{path}' (give a run folder holding checkpoint.pt, or the file)");

    public static IProgress<TrainProgress> ConsoleProgress() => new Printer();

    /// <summary>Cancels the token on Ctrl+C (the run then writes a resumable checkpoint and stops).</summary>
    public static CancellationTokenSource CancelOnCtrlC()
    {
        var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (cts.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine("interrupt: finishing the current step and writing a checkpoint (resume with --resume)");
            cts.Cancel();
        };
        return cts;
    }

    private sealed class Printer : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => Console.WriteLine(value.ToString());
    }
}
