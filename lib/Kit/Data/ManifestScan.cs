using Kit.Torch;

namespace Kit.Data;

/// <summary>A video the scan could not use, and why.</summary>
public sealed record ScanProblem(string Path, string Reason);

/// <summary>The usable entries (frame counts filled in) and the excluded ones.</summary>
public sealed record ScanResult(IReadOnlyList<ManifestEntry> Usable, IReadOnlyList<ScanProblem> Problems);

/// <summary>
/// Opens every video of a manifest, counts its decodable frames, and excludes missing or unreadable files by name.
/// One bad file never stops the scan.
/// </summary>
public static class ManifestScan
{
    /// <param name="minFrames">videos with fewer decodable frames are excluded too.</param>
    /// <param name="progress">called after each video with (done, total).</param>
    public static ScanResult Run(Manifest manifest, int minFrames = 1, Action<int, int>? progress = null)
    {
        var usable = new List<ManifestEntry>();
        var problems = new List<ScanProblem>();
        for (var i = 0; i < manifest.Count; i++)
        {
            var e = manifest.Entries[i];
            var full = manifest.FullPath(e);
            if (!File.Exists(full)) problems.Add(new ScanProblem(e.Path, $"missing file {full}"));
            else
            {
                try
                {
                    var info = VideoFile.Info(full);
                    if (info.Frames < minFrames) problems.Add(new ScanProblem(e.Path, $"only {info.Frames} decodable frames (need {minFrames})"));
                    else usable.Add(e with { Frames = info.Frames });
                }
                catch (TorchException ex)
                {
                    problems.Add(new ScanProblem(e.Path, ex.Message));
                }
            }
            progress?.Invoke(i + 1, manifest.Count);
        }
        return new ScanResult(usable, problems);
    }
}
