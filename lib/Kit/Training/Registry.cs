using Kit.Data;
using Kit.Masking;
using Kit.Targets;

namespace Kit.Training;

/// <summary>Components constructed by name from configuration.</summary>
public sealed class Registry<TContext, T>(string kind)
{
    private readonly Dictionary<string, Func<ComponentConfig, TContext, T>> factories = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public string Kind => kind;

    public IReadOnlyList<string> Names
    {
        get { lock (gate) return factories.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList(); }
    }

    /// <summary>Adds (or replaces) the factory for a name.</summary>
    public void Register(string name, Func<ComponentConfig, TContext, T> factory)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{kind} name must be non-empty");
        lock (gate) factories[name] = factory;
    }

    /// <param name="key">the config key holding the component (for error messages), e.g. "target".</param>
    public T Create(ComponentConfig config, TContext context, string key)
    {
        Func<ComponentConfig, TContext, T>? f;
        lock (gate) factories.TryGetValue(config.Name, out f);
        if (f is null)
            throw new ArgumentException($"{key}.name: unknown {kind} '{config.Name}'; registered: {(Names.Count == 0 ? "(none)" : string.Join(", ", Names))}");
        return f(config, context);
    }
}

/// <summary>
/// The kit's registries of targets, masks and data sources. The data, target and masking layers register their
/// implementations here (e.g. from a module initializer or the CLI's start-up); trainers only receive instances.
/// </summary>
public static class Registries
{
    public static Registry<TokenGrid, ITarget> Targets { get; } = new("target");
    public static Registry<TokenGrid, IMaskGenerator> Masks { get; } = new("mask");
    public static Registry<ClipSourceRequest, IClipSource> Sources { get; } = new("data source");
}
