using System.Globalization;
using System.Text;

namespace Kit.Data;

/// <summary>
/// The kit's list of the videos of one split: a tab-separated text file, readable and writable by hand.
/// <code>
/// # kit manifest v1: path, label id, label name, frame count (-1 = not scanned); relative paths start at this file's folder
/// path	label	label_name	frames
/// videos/000001.avi	3	move_down	32
/// </code>
/// Lines starting with '#' and blank lines are ignored; the header line is optional; label_name and frames may be
/// omitted (a two-column file "path label" also reads).
/// </summary>
public sealed class Manifest
{
    public const string Header = "path\tlabel\tlabel_name\tframes";

    public Manifest(IReadOnlyList<ManifestEntry> entries, string baseDirectory)
    {
        Entries = entries;
        BaseDirectory = baseDirectory;
    }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>Folder that relative paths start from (the manifest file's folder).</summary>
    public string BaseDirectory { get; }

    public int Count => Entries.Count;

    /// <summary>The file path of entry <paramref name="i"/>.</summary>
    public string FullPath(int i) => FullPath(Entries[i]);

    public string FullPath(ManifestEntry e) => Path.IsPathRooted(e.Path) ? e.Path : Path.GetFullPath(Path.Combine(BaseDirectory, e.Path));

    /// <summary>Number of classes = largest label + 1 (0 when unlabelled).</summary>
    public int NumClasses => Entries.Count == 0 ? 0 : Entries.Max(e => e.Label) + 1;

    public static Manifest Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"manifest '{path}' does not exist", path);
        var entries = new List<ManifestEntry>();
        var lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#') || line == Header) continue;
            var cols = line.Split('\t');
            if (cols.Length < 2 || cols.Length > 4)
                throw new InvalidDataException($"manifest '{path}' line {lineNo}: expected 2-4 tab-separated columns (path, label[, label_name[, frames]]), got {cols.Length}: '{line}'");
            if (!int.TryParse(cols[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var label) || label < -1)
                throw new InvalidDataException($"manifest '{path}' line {lineNo}: label '{cols[1]}' is not an integer >= -1");
            var frames = -1;
            if (cols.Length == 4 && (!int.TryParse(cols[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out frames) || frames < -1))
                throw new InvalidDataException($"manifest '{path}' line {lineNo}: frames '{cols[3]}' is not an integer >= -1");
            entries.Add(new ManifestEntry(cols[0], label, cols.Length >= 3 ? cols[2] : "", frames));
        }
        return new Manifest(entries, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Writes the manifest (header comment, header line, one line per video).</summary>
    public static void Save(string path, IEnumerable<ManifestEntry> entries)
    {
        var sb = new StringBuilder();
        sb.Append("# kit manifest v1: path, label id, label name, frame count (-1 = not scanned); relative paths start at this file's folder\n");
        sb.Append(Header).Append('\n');
        foreach (var e in entries)
        {
            if (e.Path.Contains('\t') || e.Path.Contains('\n') || e.LabelName.Contains('\t') || e.LabelName.Contains('\n'))
                throw new ArgumentException($"manifest entry '{e.Path}' / '{e.LabelName}' contains a tab or newline");
            sb.Append(e.Path).Append('\t').Append(e.Label.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(e.LabelName).Append('\t').Append(e.Frames.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, sb.ToString());
    }

    public void Save(string path) => Save(path, Entries);

    /// <summary>Class names by id, from the entries that carry one.</summary>
    public IReadOnlyDictionary<int, string> ClassNames() =>
        Entries.Where(e => e.Label >= 0 && e.LabelName.Length > 0).GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.First().LabelName);
}
