using System.Text.Json;

namespace Kit.Data.Converters;

/// <summary>
/// Something-Something V2 annotations to manifest entries. labels.json maps class names to ids as strings
/// ({"Approaching something with your camera": "0", ...}); train.json / validation.json list
/// {"id", "label", "template", "placeholders"} objects whose template with the brackets removed is the class name
/// ("Putting [something] on a surface" -> "Putting something on a surface"); test.json lists only {"id"} (unlabelled,
/// label -1). Videos are &lt;id&gt;.webm in one folder.
/// </summary>
public static class Ssv2Converter
{
    /// <summary>Class id by class name, from labels.json.</summary>
    public static IReadOnlyDictionary<string, int> Labels(string labelsJson)
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(labelsJson)
                  ?? throw new InvalidDataException("SSv2 labels.json is empty");
        return map.ToDictionary(kv => kv.Key, kv => int.TryParse(kv.Value, out var id) ? id
            : throw new InvalidDataException($"SSv2 labels.json: id '{kv.Value}' of '{kv.Key}' is not an integer"));
    }

    /// <param name="labelsJson">text of labels.json.</param>
    /// <param name="splitJson">text of train.json, validation.json or test.json.</param>
    /// <param name="videoDir">folder prefix of the video paths in the manifest ("" = beside the manifest).</param>
    /// <param name="extension">video file extension.</param>
    public static List<ManifestEntry> Convert(string labelsJson, string splitJson, string videoDir = "", string extension = ".webm")
    {
        var labels = Labels(labelsJson);
        using var doc = JsonDocument.Parse(splitJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException("SSv2 split file must be a JSON array of {\"id\", \"template\", ...} objects");
        var entries = new List<ManifestEntry>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var id = item.GetProperty("id").ToString();
            var path = ConverterPaths.Join(videoDir, id + extension);
            if (!item.TryGetProperty("template", out var template))
            {
                entries.Add(new ManifestEntry(path, -1, ""));
                continue;
            }
            var name = template.GetString()!.Replace("[", "").Replace("]", "");
            if (!labels.TryGetValue(name, out var label))
                throw new InvalidDataException($"SSv2 video {id}: template '{name}' is not a class of labels.json");
            entries.Add(new ManifestEntry(path, label, name));
        }
        return entries;
    }
}
