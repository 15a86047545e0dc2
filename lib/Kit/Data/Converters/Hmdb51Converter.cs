using System.Text.RegularExpressions;

namespace Kit.Data.Converters;

/// <summary>
/// HMDB51 split files to manifest entries. The official testTrainMulti_7030_splits folder has, per class and split,
/// &lt;class&gt;_test_split&lt;n&gt;.txt with lines "&lt;video&gt;.avi &lt;k&gt;": k = 1 training, 2 testing, 0 unused.
/// Class ids are the class names in alphabetical order; videos live at &lt;class&gt;/&lt;video&gt;.
/// </summary>
public static partial class Hmdb51Converter
{
    /// <summary>Train and test entries of split <paramref name="split"/> (1..3).</summary>
    /// <param name="splitFiles">file name -> text, for every *_test_split*.txt file of the folder.</param>
    public static (List<ManifestEntry> Train, List<ManifestEntry> Test) Convert(IReadOnlyDictionary<string, string> splitFiles, int split, string videoDir = "")
    {
        if (split is < 1 or > 3) throw new ArgumentException($"HMDB51 split must be 1, 2 or 3, got {split}");
        var files = splitFiles.Select(kv => (m: SplitName().Match(kv.Key), text: kv.Value))
            .Where(x => x.m.Success && x.m.Groups[2].Value == split.ToString()).ToList();
        if (files.Count == 0) throw new InvalidDataException($"HMDB51: no <class>_test_split{split}.txt files given");
        var classes = files.Select(x => x.m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();
        var (train, test) = (new List<ManifestEntry>(), new List<ManifestEntry>());
        foreach (var (m, text) in files.OrderBy(x => x.m.Groups[1].Value, StringComparer.Ordinal))
        {
            var name = m.Groups[1].Value;
            var label = classes.IndexOf(name);
            foreach (var (line, n) in Ucf101Converter.Lines(text))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || parts[1] is not ("0" or "1" or "2"))
                    throw new InvalidDataException($"HMDB51 {m.Value} line {n}: expected '<video>.avi <0|1|2>', got '{line}'");
                var e = new ManifestEntry(ConverterPaths.Join(videoDir, $"{name}/{parts[0]}"), label, name);
                if (parts[1] == "1") train.Add(e);
                else if (parts[1] == "2") test.Add(e);
            }
        }
        return (train, test);
    }

    [GeneratedRegex(@"^(.+)_test_split([123])\.txt$")]
    private static partial Regex SplitName();
}
