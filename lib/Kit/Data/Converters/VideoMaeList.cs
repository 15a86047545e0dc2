using System.Globalization;
using System.Text;

namespace Kit.Data.Converters;

/// <summary>
/// VideoMAE-style annotation lists: one video per line, space-separated, "path label" (videos) or
/// "frame_folder total_frames label" (extracted frames). Paths cannot contain spaces in this format.
/// </summary>
public static class VideoMaeList
{
    public static List<ManifestEntry> Read(string text, IReadOnlyList<string>? classNames = null)
    {
        var entries = new List<ManifestEntry>();
        foreach (var (line, n) in Ucf101Converter.Lines(text))
        {
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length is not (2 or 3)) throw new InvalidDataException($"VideoMAE list line {n}: expected 'path label' or 'path frames label', got '{line}'");
            if (!int.TryParse(p[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var label))
                throw new InvalidDataException($"VideoMAE list line {n}: label '{p[^1]}' is not an integer");
            var frames = -1;
            if (p.Length == 3 && !int.TryParse(p[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out frames))
                throw new InvalidDataException($"VideoMAE list line {n}: frame count '{p[1]}' is not an integer");
            var name = classNames != null && label >= 0 && label < classNames.Count ? classNames[label] : "";
            entries.Add(new ManifestEntry(p[0], label, name, frames));
        }
        return entries;
    }

    /// <param name="withFrames">write "path frames label" (needs scanned frame counts).</param>
    /// <param name="pathPrefix">prepended to each path (VideoMAE joins its --data_path prefix the same way).</param>
    public static string Write(IEnumerable<ManifestEntry> entries, bool withFrames = false, string pathPrefix = "")
    {
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            if (e.Path.Contains(' ')) throw new ArgumentException($"VideoMAE lists are space-separated: path '{e.Path}' contains a space");
            sb.Append(pathPrefix).Append(e.Path);
            if (withFrames)
            {
                if (e.Frames < 0) throw new ArgumentException($"'{e.Path}' has no frame count: scan the manifest first (./kit data scan)");
                sb.Append(' ').Append(e.Frames.ToString(CultureInfo.InvariantCulture));
            }
            sb.Append(' ').Append(e.Label.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }
}
