using Kit.Data;

namespace Kit.Cli.Commands;

/// <summary>`kit flow cache --manifest M.tsv --cache DIR [--method tvl1] [--compensate] [--bound 20] [--storage half|byte] [--workers N]`</summary>
public sealed class FlowCacheCommand : ICommand
{
    public string Name => "flow cache";
    public string Summary => "precompute and cache the optical flow of every video of a manifest (what training with flow targets reads)";

    public CommandHelp Help => new(
        "--manifest FILE.tsv --cache DIR [--method tvl1] [--compensate] [--bound 20] [--storage half|byte] [--workers N]",
        [
            new("manifest", "FILE.tsv", null, "the videos", Sample: "m.tsv"),
            new("cache", "DIR", null, "cache folder (one subfolder per flow setting)", Sample: "cache"),
            new("method", "tvl1|farneback|dis", "tvl1", "flow estimator"),
            new("compensate", null, null, "remove camera motion first"),
            new("bound", "B", "20", "clamp to +-B pixels"),
            new("storage", "half|byte", "half", "float16, or MME's byte quantisation round(255 (v + B) / 2B)"),
            new("workers", "N", "one per core", "videos at once", Sample: "1"),
        ],
        ["./kit flow cache --manifest train.tsv --cache flow-cache --method farneback"]);

    public int Run(Args args)
    {
        var manifestPath = args.Require("manifest");
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
        var manifest = Manifest.Load(manifestPath);
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
