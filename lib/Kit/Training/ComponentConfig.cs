using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Training;

/// <summary>A pluggable component chosen by name (a target, a mask, a data source) and its own JSON parameters.</summary>
public sealed record ComponentConfig(string Name, JsonObject? Params = null)
{
    /// <summary>Reads the parameters into the component's own typed config record, naming the bad key on failure.</summary>
    public T Read<T>(string key) where T : new()
    {
        if (Params is null) return new T();
        try
        {
            return Params.Deserialize<T>(ConfigJson.Options) ?? new T();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{key}.params: {e.Message}", e);
        }
    }
}
