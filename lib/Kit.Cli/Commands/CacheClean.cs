namespace Kit.Cli.Commands;

/// <summary>`kit cache clean [--what rows|flow|datasets|all] [--dry-run]`: deletes what the kit cached (it is rebuilt on demand).</summary>
public sealed class CacheClean(TextWriter output) : ICommand
{
    public CacheClean() : this(Console.Out) { }

    public string Name => "cache clean";
    public string Summary => "delete cached datasets, flow or stored ablation rows (rebuilt when next needed)";

    public CommandHelp Help => new(
        "[--what rows|flow|datasets|all] [--dry-run]",
        [
            new("what", "rows|flow|datasets|all", "all", "rows: stored ablation rows (./kit run then trains them again); flow: cached optical flow; datasets: generated datasets with their flow; all: everything the kit wrote there", Sample: "flow"),
            new("dry-run", null, null, "list what would be deleted, delete nothing"),
        ],
        ["./kit cache clean --what flow", "./kit cache clean --dry-run"],
        "Only folders the kit made under the cache root ($KIT_DATA, else ~/.cache/mvm-kit) are deleted; anything else there is left alone.");

    public int Run(Args args)
    {
        var what = args.String("what", "all").ToLowerInvariant();
        var dry = args.Flag("dry-run");
        args.RejectUnknown();
        var root = Kit.Pipeline.ScaleData.CacheRoot;
        var chosen = CacheLayout.Select(CacheLayout.Scan(root), what);
        if (chosen.Count == 0)
        {
            output.WriteLine($"nothing to delete ({what}) under {root}");
            return 0;
        }
        long freed = 0;
        foreach (var item in chosen)
        {
            var bytes = CacheLayout.Size(item.Path);
            if (!dry) Directory.Delete(item.Path, recursive: true);
            freed += bytes;
            output.WriteLine($"{(dry ? "would delete" : "deleted")} {item.Path} ({CacheLayout.Human(bytes)})");
        }
        output.WriteLine($"{(dry ? "would free" : "freed")} {CacheLayout.Human(freed)} under {root}");
        return 0;
    }
}
