namespace Kit.Data.Converters;

/// <summary>Path joining for manifest entries: forward slashes, no leading "./" when the folder is empty.</summary>
internal static class ConverterPaths
{
    internal static string Join(string dir, string relative) =>
        string.IsNullOrEmpty(dir) ? relative : dir.TrimEnd('/') + "/" + relative.TrimStart('/');
}
