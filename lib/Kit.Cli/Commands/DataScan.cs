using Kit.Data;

namespace Kit.Cli.Commands;

/// <summary>`kit data scan MANIFEST [--out M.tsv] [--min-frames N] [--fast] [--workers N]`: counts frames, reports and excludes bad videos.</summary>
public sealed class DataScan : ICommand
{
    public string Name => "data scan";
    public string Summary => "decode every video of a manifest: fill frame counts, report and exclude missing/unreadable files";

    public CommandHelp Help => new(
        "MANIFEST.tsv [--out FILE.tsv] [--min-frames N] [--fast] [--workers N]",
        [
            new("out", "FILE.tsv", "the input manifest", "where the scanned manifest goes"),
            new("min-frames", "N", "1", "exclude videos with fewer decodable frames"),
            new("fast", null, null, "trust the containers' frame counts (faster; they can be wrong)"),
            new("workers", "N", "one per core", "videos scanned at once", Sample: "1"),
        ],
        ["./kit data scan train.tsv --out train.scanned.tsv --min-frames 32"],
        "Decodes every video of the manifest, fills in its frame count, and reports and excludes missing, unreadable and too-short files.");

    public int Run(Args args)
    {
        if (args.Positional.Count != 1) throw new UsageException("usage: kit data scan <manifest.tsv> [--out scanned.tsv] [--min-frames N] [--fast: trust container frame counts] [--workers N]");
        var path = args.Positional[0];
        var output = args.String("out", path);
        var minFrames = args.Int("min-frames", 1);
        var fast = args.Flag("fast");
        var workers = args.Int("workers", 0);
        args.RejectUnknown();
        var manifest = Manifest.Load(path);
        var result = ManifestScan.Run(manifest, minFrames, exact: !fast, workers, (done, total) =>
        {
            if (done % 500 == 0 || done == total) Console.Error.WriteLine($"scanned {done}/{total}");
        });
        foreach (var p in result.Problems) Console.WriteLine($"excluded {p.Path}: {p.Reason}");
        // Paths stay as written; a manifest saved elsewhere keeps resolving them from the original folder.
        var entries = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(output))!) == manifest.BaseDirectory
            ? result.Usable
            : result.Usable.Select(e => e with { Path = manifest.FullPath(e) }).ToList();
        Manifest.Save(output, entries);
        Console.WriteLine($"{output}: {result.Usable.Count} usable, {result.Problems.Count} excluded, {result.Usable.Sum(e => (long)e.Frames)} frames");
        return 0;
    }
}
