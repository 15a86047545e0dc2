using System.Globalization;

namespace Kit.Data.Converters;

/// <summary>
/// UCF101 split lists to manifest entries. classInd.txt holds "1 ApplyEyeMakeup" (1-based ids); trainlistNN.txt holds
/// "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1"; testlistNN.txt holds the path only, and the class is the folder.
/// Manifest labels are 0-based (id - 1).
/// </summary>
public static class Ucf101Converter
{
    public static IReadOnlyDictionary<string, int> ClassIndex(string classInd)
    {
        var map = new Dictionary<string, int>();
        foreach (var (line, n) in Lines(classInd))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 1)
                throw new InvalidDataException($"UCF101 classInd line {n}: expected '<id> <ClassName>', got '{line}'");
            map[parts[1]] = id - 1;
        }
        return map;
    }

    public static List<ManifestEntry> Convert(string classInd, string list, string videoDir = "")
    {
        var classes = ClassIndex(classInd);
        var entries = new List<ManifestEntry>();
        foreach (var (line, n) in Lines(list))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var path = parts[0];
            var folder = path.Contains('/') ? path[..path.IndexOf('/')] : throw new InvalidDataException($"UCF101 list line {n}: path '{path}' has no class folder");
            if (!classes.TryGetValue(folder, out var label)) throw new InvalidDataException($"UCF101 list line {n}: class folder '{folder}' is not in classInd");
            if (parts.Length > 1 && (!int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var listed) || listed - 1 != label))
                throw new InvalidDataException($"UCF101 list line {n}: label '{parts[1]}' disagrees with classInd's id for '{folder}' ({label + 1})");
            entries.Add(new ManifestEntry(ConverterPaths.Join(videoDir, path), label, folder));
        }
        return entries;
    }

    internal static IEnumerable<(string Line, int Number)> Lines(string text) =>
        text.Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(x => x.Item1.Length > 0);
}
