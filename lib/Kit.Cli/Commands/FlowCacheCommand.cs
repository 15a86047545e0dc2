using Kit.Data;

namespace Kit.Cli.Commands;

/// <summary>`kit flow cache --manifest M.tsv --cache DIR [--method tvl1] [--compensate] [--bound 20] [--storage half|byte] [--workers N]`</summary>
public sealed class FlowCacheCommand : ICommand
{
    public string Name => "flow cache";
    public string Summary => "precompute and cache the optical flow of every video of a manifest (what training with flow targets reads)";

    public int Run(Args args)
    {
        var manifest = Manifest.Load(args.Require("manifest"));
        var root = args.Require("cache");
        FlowMethod method;
        try { method = FlowConfig.ParseMethod(args.String("method", "tvl1")); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        var config = new FlowConfig(Method: method, Bound: args.Double("bound", 20), Compensate: args.Flag("compensate"));
        var storage = args.String("storage", "half").ToLowerInvariant() switch
        {
            "half" => FlowStorage.Half,
            "byte" => FlowStorage.Byte,
            var s => throw new UsageException($"--storage expects half or byte, got '{s}'"),
        };
        var workers = args.Int("workers", 0);
        args.RejectUnknown();
        var cache = new FlowCache(root, config, storage);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var computed = cache.Warm(manifest, workers, (done, total) =>
        {
            if (done % 50 == 0 || done == total) Console.Error.WriteLine($"flow {done}/{total}");
        });
        Console.WriteLine($"{cache.Directory}: {computed} computed, {manifest.Count - computed} already cached, {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
