using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kit.Experiments;

/// <summary>
/// The JSON form of recipes and results, and the canonical form used for content hashes: object keys sorted
/// ordinally at every level, no whitespace, enums as names, numbers as System.Text.Json writes them (round-trip).
/// </summary>
public static class CanonicalJson
{
    /// <summary>Options for every experiment file: camelCase, enums as strings, indented.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The canonical text of a value: sorted keys, compact.</summary>
    public static string Canonical<T>(T value) => Sort(JsonSerializer.SerializeToNode(value, Options))?.ToJsonString() ?? "null";

    /// <summary>Hex SHA-256 of the canonical text, first <paramref name="length"/> characters.</summary>
    public static string Hash<T>(T value, int length = 16) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(value))))[..length];

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(x => Sort(x?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };
}
