namespace Kit.Cli;

/// <summary>What one folder of the kit's cache holds.</summary>
public enum CacheKind
{
    /// <summary>rows/: stored ablation rows (checkpoints and results) that `kit run` and `kit ablation` reuse.</summary>
    Rows,

    /// <summary>synthetic-*/: a generated dataset (videos and manifests), its flow cache excluded.</summary>
    Dataset,

    /// <summary>synthetic-*/flow-cache/: the dataset's cached optical flow.</summary>
    Flow,

    /// <summary>*.tmp: a dataset generation that was interrupted.</summary>
    Partial,
}

/// <summary>One folder of the cache and its size on disk.</summary>
public sealed record CacheItem(CacheKind Kind, string Path, long Bytes);

/// <summary>
/// The layout of the kit's cache root (KIT_DATA, else ~/.cache/mvm-kit; see Kit.Pipeline.ScaleData.CacheRoot): the
/// folders the kit writes there and their sizes. Entries the kit did not make are never listed for deletion.
/// </summary>
public static class CacheLayout
{
    public static IReadOnlyList<CacheItem> Scan(string root)
    {
        var items = new List<CacheItem>();
        if (!Directory.Exists(root)) return items;
        var rows = Path.Combine(root, "rows");
        if (Directory.Exists(rows)) items.Add(new CacheItem(CacheKind.Rows, rows, Size(rows)));
        foreach (var dir in Directory.GetDirectories(root, "synthetic-*").Order(StringComparer.Ordinal))
        {
            if (dir.EndsWith(".tmp", StringComparison.Ordinal))
            {
                items.Add(new CacheItem(CacheKind.Partial, dir, Size(dir)));
                continue;
            }
            var flow = Path.Combine(dir, "flow-cache");
            var flowBytes = Directory.Exists(flow) ? Size(flow) : 0;
            items.Add(new CacheItem(CacheKind.Dataset, dir, Size(dir) - flowBytes));
            if (Directory.Exists(flow)) items.Add(new CacheItem(CacheKind.Flow, flow, flowBytes));
        }
        return items;
    }

    /// <summary>The items `kit cache clean --what WHAT` deletes: rows, flow, datasets (with their flow and partial
    /// generations) or all.</summary>
    public static IReadOnlyList<CacheItem> Select(IReadOnlyList<CacheItem> items, string what) => what switch
    {
        "rows" => items.Where(i => i.Kind == CacheKind.Rows).ToList(),
        "flow" => items.Where(i => i.Kind == CacheKind.Flow).ToList(),
        "datasets" => items.Where(i => i.Kind is CacheKind.Dataset or CacheKind.Partial).ToList(),
        "all" => items.Where(i => i.Kind != CacheKind.Flow).ToList(),   // a dataset's folder holds its flow
        _ => throw new UsageException($"--what expects rows, flow, datasets or all, got '{what}'"),
    };

    /// <summary>Bytes the files under <paramref name="dir"/> take.</summary>
    public static long Size(string dir) =>
        new DirectoryInfo(dir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }).Sum(f => f.Length);

    public static string Human(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):F1} KB",
        _ => $"{bytes} B",
    };
}
