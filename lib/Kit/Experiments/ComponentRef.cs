using System.Collections.Immutable;
using System.Globalization;

namespace Kit.Experiments;

/// <summary>
/// A target or masking strategy named as the trainer's registries know it ("trajectory", "tube", ...) plus its
/// parameters as invariant-culture strings ("length" = "6", "ratio" = "0.7"), so a recipe stays plain data that any
/// registry can resolve. Two references are equal when name and every parameter are equal.
/// </summary>
/// <param name="Name">Registry name, e.g. "trajectory" or "motion_guided".</param>
/// <param name="Parameters">Parameter name to value, sorted by name (so the canonical JSON is stable).</param>
public sealed record ComponentRef(string Name, ImmutableSortedDictionary<string, string> Parameters)
{
    /// <summary>A reference with parameters given as (name, value) pairs; values are formatted invariantly.</summary>
    public static ComponentRef Of(string name, params (string Key, object Value)[] parameters)
    {
        var reference = new ComponentRef(name, ImmutableSortedDictionary<string, string>.Empty);
        foreach (var (key, value) in parameters) reference = reference.With(key, value);
        return reference;
    }

    /// <summary>A copy with one parameter set (added or replaced).</summary>
    public ComponentRef With(string key, object value) => this with { Parameters = Parameters.SetItem(key, Format(value)) };

    /// <summary>The raw value of a parameter, or null when it is not set.</summary>
    public string? this[string key] => Parameters.TryGetValue(key, out var v) ? v : null;

    /// <summary>A parameter as a number; throws naming the parameter when absent or not a number.</summary>
    public double Double(string key) =>
        double.TryParse(Require(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"{Name}: parameter '{key}' = '{Require(key)}' is not a number.");

    /// <summary>A parameter as an integer; throws naming the parameter when absent or not an integer.</summary>
    public int Int(string key) =>
        int.TryParse(Require(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"{Name}: parameter '{key}' = '{Require(key)}' is not an integer.");

    /// <summary>A parameter as a boolean ("true"/"false").</summary>
    public bool Bool(string key) =>
        bool.TryParse(Require(key), out var v) ? v
            : throw new FormatException($"{Name}: parameter '{key}' = '{Require(key)}' is not true/false.");

    /// <inheritdoc />
    public bool Equals(ComponentRef? other) =>
        other is not null && Name == other.Name && Parameters.Count == other.Parameters.Count
        && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        foreach (var (key, value) in Parameters) { hash.Add(key); hash.Add(value); }
        return hash.ToHashCode();
    }

    /// <summary>"trajectory(length=6, points=4)".</summary>
    public override string ToString() =>
        Parameters.Count == 0 ? Name : $"{Name}({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    private string Require(string key) =>
        this[key] ?? throw new KeyNotFoundException($"{Name}: parameter '{key}' is not set (set: {string.Join(", ", Parameters.Keys)}).");

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => s,
        Enum e => e.ToString().ToLowerInvariant(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Parameter value of type {value.GetType().Name} is not a number, bool or string.", nameof(value)),
    };
}
