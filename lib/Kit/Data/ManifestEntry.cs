namespace Kit.Data;

/// <summary>One video of a split.</summary>
/// <param name="Path">as written in the manifest: relative to the manifest's folder, or absolute.</param>
/// <param name="Label">class id (0-based); -1 for unlabelled videos (e.g. an official test split).</param>
/// <param name="LabelName">class name ("" when unknown).</param>
/// <param name="Frames">decodable frame count, filled by a scan; -1 = not scanned yet.</param>
public sealed record ManifestEntry(string Path, int Label, string LabelName, int Frames = -1);
