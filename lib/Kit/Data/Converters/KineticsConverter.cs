using System.Globalization;
using System.Text;

namespace Kit.Data.Converters;

/// <summary>
/// Kinetics-400 annotation CSVs (header label,youtube_id,time_start,time_end,split[,is_cc]) to manifest entries.
/// Class ids are the positions of the class names in alphabetical order (the same in train and validate, which both
/// hold all 400 classes); pass <c>classes</c> to fix them explicitly. Videos are named
/// &lt;youtube_id&gt;_&lt;start:06&gt;_&lt;end:06&gt;.mp4, flat or in one folder per class (<c>byClass</c>, spaces as
/// underscores). A CSV without a label column (the original test split) gives label -1.
/// </summary>
public static class KineticsConverter
{
    public static List<ManifestEntry> Convert(string csv, string videoDir = "", bool byClass = false, IReadOnlyList<string>? classes = null, string extension = ".mp4")
    {
        var rows = ParseCsv(csv);
        if (rows.Count == 0) throw new InvalidDataException("Kinetics CSV is empty");
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Col(string name, bool required = true)
        {
            var i = header.IndexOf(name);
            if (i < 0 && required) throw new InvalidDataException($"Kinetics CSV: no '{name}' column in header '{string.Join(",", rows[0])}'");
            return i;
        }
        var (label, yid, start, end) = (Col("label", false), Col("youtube_id"), Col("time_start"), Col("time_end"));
        var names = classes ?? (label < 0 ? [] : rows.Skip(1).Select(r => r[label]).Distinct().Order(StringComparer.Ordinal).ToList());
        var ids = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        var entries = new List<ManifestEntry>();
        foreach (var (r, line) in rows.Skip(1).Select((r, i) => (r, i + 2)))
        {
            if (r.Count < header.Count) throw new InvalidDataException($"Kinetics CSV line {line}: {r.Count} fields, header has {header.Count}");
            var file = $"{r[yid]}_{Seconds(r[start], line):D6}_{Seconds(r[end], line):D6}{extension}";
            if (label < 0)
            {
                entries.Add(new ManifestEntry(ConverterPaths.Join(videoDir, file), -1, ""));
                continue;
            }
            var name = r[label];
            if (!ids.TryGetValue(name, out var id)) throw new InvalidDataException($"Kinetics CSV line {line}: class '{name}' is not in the class list");
            var rel = byClass ? name.Replace(' ', '_') + "/" + file : file;
            entries.Add(new ManifestEntry(ConverterPaths.Join(videoDir, rel), id, name));
        }
        return entries;
    }

    private static int Seconds(string s, int line) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? (int)Math.Round(v)
            : throw new InvalidDataException($"Kinetics CSV line {line}: time '{s}' is not a number");

    /// <summary>RFC 4180 fields (quoted fields may hold commas and doubled quotes: some class names have commas).</summary>
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var fields = new List<string>();
            var sb = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var ch = line[i];
                if (quoted)
                {
                    if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else if (ch == '"') quoted = false;
                    else sb.Append(ch);
                }
                else if (ch == '"') quoted = true;
                else if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); }
                else sb.Append(ch);
            }
            fields.Add(sb.ToString());
            rows.Add(fields);
        }
        return rows;
    }
}
