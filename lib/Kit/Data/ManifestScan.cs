using Kit.Torch;

namespace Kit.Data;

/// <summary>A video the scan could not use, and why.</summary>
public sealed record ScanProblem(string Path, string Reason);

/// <summary>The usable entries (frame counts filled in) and the excluded ones, both in manifest order.</summary>
public sealed record ScanResult(IReadOnlyList<ManifestEntry> Usable, IReadOnlyList<ScanProblem> Problems);

/// <summary>
/// Opens every video of a manifest, counts its decodable frames, and excludes missing or unreadable files by name.
/// One bad file never stops the scan. Videos are scanned in parallel; results keep the manifest's order.
/// </summary>
public static class ManifestScan
{
    /// <param name="minFrames">videos with fewer decodable frames are excluded too.</param>
    /// <param name="exact">count frames by decoding them all (true), or trust the container's count (fast, can be wrong).</param>
    /// <param name="workers">videos scanned at once (0 = one per core).</param>
    /// <param name="progress">called after each video with (done, total), from any thread.</param>
    public static ScanResult Run(Manifest manifest, int minFrames = 1, bool exact = true, int workers = 0, Action<int, int>? progress = null)
    {
        var outcome = new (ManifestEntry? Usable, ScanProblem? Problem)[manifest.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers > 0 ? workers : Environment.ProcessorCount };
        Parallel.For(0, manifest.Count, options, i =>
        {
            outcome[i] = Check(manifest, manifest.Entries[i], minFrames, exact);
            progress?.Invoke(Interlocked.Increment(ref done), manifest.Count);
        });
        return new ScanResult(outcome.Where(o => o.Usable != null).Select(o => o.Usable!).ToList(),
            outcome.Where(o => o.Problem != null).Select(o => o.Problem!).ToList());
    }

    private static (ManifestEntry?, ScanProblem?) Check(Manifest manifest, ManifestEntry e, int minFrames, bool exact)
    {
        var full = manifest.FullPath(e);
        if (!File.Exists(full)) return (null, new ScanProblem(e.Path, $"missing file {full}"));
        try
        {
            var info = VideoFile.Info(full, exact);
            return info.Frames < minFrames
                ? (null, new ScanProblem(e.Path, $"only {info.Frames} decodable frames (need {minFrames})"))
                : (e with { Frames = info.Frames }, null);
        }
        catch (TorchException ex)
        {
            return (null, new ScanProblem(e.Path, ex.Message));
        }
    }
}
