using System.Text.Json;
using Kit.Torch;

namespace Kit.Experiments;

/// <summary>
/// Results on disk, one JSON file per (table, row key, seed): <c>ROOT/results/TABLE/KEY-seedK.json</c>. Files are
/// written atomically (temp file, flush, rename), so an interrupted run leaves either the old file, the new file, or
/// an ignored temp file, never a half-written result. A file that cannot be read is moved aside (renamed with a
/// <c>.corrupt</c> suffix, never deleted), reported by name, and its row runs again.
/// </summary>
public sealed class ResultStore
{
    /// <summary>A store rooted at <paramref name="root"/> (created on first write).</summary>
    public ResultStore(string root)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("The results store needs a directory.", nameof(root));
        Root = System.IO.Path.GetFullPath(root);
    }

    /// <summary>The store's root directory.</summary>
    public string Root { get; }

    /// <summary>Path of the file for one table, key and seed.</summary>
    public string PathOf(string table, string key, int seed) =>
        System.IO.Path.Combine(Root, "results", table, $"{key}-seed{seed}.json");

    /// <summary>The stored result for a key and seed, if any; a corrupt file is moved aside and reported.</summary>
    public Lookup Lookup(string table, string key, int seed)
    {
        var path = PathOf(table, key, seed);
        if (!File.Exists(path)) return new Lookup(LookupStatus.Missing, path);
        string? problem;
        try
        {
            var result = JsonSerializer.Deserialize<StoredResult>(File.ReadAllText(path), CanonicalJson.Options);
            problem = result switch
            {
                null => "the file holds JSON null",
                { Measurement: null } or { Recipe: null } => "the file has no measurement or recipe",
                _ when result.Key != key || result.Seed != seed || result.Table != table =>
                    $"it records table {result.Table}, key {result.Key}, seed {result.Seed}",
                _ => null,
            };
            if (problem is null) return new Lookup(LookupStatus.Found, path, result);
        }
        catch (JsonException e)
        {
            problem = "invalid JSON: " + e.Message;
        }
        var aside = $"{path}.corrupt-{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        File.Move(path, aside);
        return new Lookup(LookupStatus.Corrupt, path, Problem: $"{System.IO.Path.GetFileName(path)}: {problem}; moved to {System.IO.Path.GetFileName(aside)}");
    }

    /// <summary>Writes a result atomically; returns its path.</summary>
    public string Save(StoredResult result)
    {
        var path = PathOf(result.Table, result.Key, result.Seed);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, CanonicalJson.Options));
        return path;
    }
}
