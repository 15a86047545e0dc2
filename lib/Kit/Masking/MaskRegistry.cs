using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Targets;

namespace Kit.Masking;

/// <summary>A masking strategy by name with its settings: {"Name": "motion-guided", "Params": {"Ratio": 0.9, "Base": "Middle"}}.</summary>
public sealed record MaskSpec(string Name, JsonObject? Params = null);

/// <summary>One registered masking strategy.</summary>
public sealed record MaskEntry(string Name, Type ConfigType, string Description, Func<JsonObject?, IMaskGenerator> Create);

/// <summary>Every masking strategy of the three papers by name, built from JSON settings.</summary>
public static class MaskRegistry
{
    public static IReadOnlyList<MaskEntry> Entries { get; } =
    [
        new("random", typeof(RandomMaskConfig), "random tokens over the whole clip, exact count", p => new RandomMask(Settings<RandomMaskConfig>(p, "random"))),
        new("tube", typeof(TubeMaskConfig), "VideoMAE tube: one spatial mask repeated in every temporal slot", p => new TubeMask(Settings<TubeMaskConfig>(p, "tube"))),
        new("cube", typeof(CubeMaskConfig), "MaskFeat-style spatio-temporal blocks, exact count", p => new CubeMask(Settings<CubeMaskConfig>(p, "cube"))),
        new("frame", typeof(FrameMaskConfig), "time-only: whole temporal slots hidden", p => new FrameMask(Settings<FrameMaskConfig>(p, "frame"))),
        new("motion-guided", typeof(MotionGuidedConfig), "MGMAE: an initial map warped along optical flow, top-k scoring cubes visible", p => new MotionGuidedMask(Settings<MotionGuidedConfig>(p, "motion-guided"))),
    ];

    /// <summary>A strategy's settings record from JSON; missing keys keep their defaults. Errors say "mask settings of
    /// \"NAME\"", the key, and what it expects.</summary>
    public static T Settings<T>(JsonObject? settings, string strategy) where T : class
    {
        settings ??= new JsonObject();
        try
        {
            return settings.Deserialize<T>(TargetRegistry.Json) ?? throw new ArgumentException($"mask settings of \"{strategy}\" are null");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"mask settings of \"{strategy}\": {Kit.Training.ConfigErrors.Describe(e, typeof(T), settings, pascalCase: true)} (got {settings.ToJsonString()})", e);
        }
    }

    public static IMaskGenerator Create(MaskSpec spec) =>
        (Entries.FirstOrDefault(e => string.Equals(e.Name, spec.Name, StringComparison.OrdinalIgnoreCase))
         ?? throw new ArgumentException($"unknown masking strategy \"{spec.Name}\"; known: {string.Join(", ", Entries.Select(e => e.Name))}")).Create(spec.Params);

    public static IMaskGenerator Create(string name, string? paramsJson = null) =>
        Create(new MaskSpec(name, paramsJson is null ? null : JsonNode.Parse(paramsJson) as JsonObject ?? throw new ArgumentException($"mask settings must be a JSON object, got {paramsJson}")));
}
