using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kit.Targets;

/// <summary>A target by name with its settings, as configs and results store it: {"Name": "hog", "Params": {"Variant": "Mme"}}.
/// A composite is named "a+b" and takes each child's settings under the child's name: {"Name": "hog+trajectory", "Params": {"trajectory": {"Shape": false}}}.</summary>
public sealed record TargetSpec(string Name, JsonObject? Params = null);

/// <summary>One registered target: its name, config type, a one-line description for notebooks, and its factory.</summary>
public sealed record TargetEntry(string Name, Type ConfigType, string Description, Func<JsonObject?, TargetContext, ITarget> Create);

/// <summary>Every target of the three papers by name, built from typed configs or JSON.</summary>
public static class TargetRegistry
{
    /// <summary>Enums as strings, case-insensitive names, unknown settings rejected.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static IReadOnlyList<TargetEntry> Entries { get; } =
    [
        new("pixel", typeof(PixelConfig), "the cube's pixels, normalised per cube and channel (VideoMAE) or raw", (p, c) => new PixelTarget(Config<PixelConfig>(p, "pixel"), c)),
        new("hog", typeof(HogConfig), "histograms of oriented gradients per 8x8 cell: MaskFeat (hard, summed, L2) or MME (soft, averaged); optionally of every raw frame (dense)", (p, c) => new HogTarget(Config<HogConfig>(p, "hog"), c)),
        new("flow", typeof(FlowTargetConfig), "the patch's optical-flow map (MME HOG+Flow; MotionMAE's flow motion target)", (p, c) => new FlowTarget(Config<FlowTargetConfig>(p, "flow"), c)),
        new("hof", typeof(HofConfig), "histogram of flow orientation, magnitude-weighted, 9 bins per cell", (p, c) => new HofTarget(Config<HofConfig>(p, "hof"), c)),
        new("mbh", typeof(MbhConfig), "motion boundary histograms: HOG of the x and y flow components", (p, c) => new MbhTarget(Config<MbhConfig>(p, "mbh"), c)),
        new("frame-diff", typeof(FrameDifferenceConfig), "MotionMAE's motion: |frame f+g - frame f| per patch, normalised like pixels", (p, c) => new FrameDifferenceTarget(Config<FrameDifferenceConfig>(p, "frame-diff"), c)),
        new("frame+motion", typeof(FrameMotionConfig), "MotionMAE's pair for the dual-head decoder: pixels and motion (difference or flow)", (p, c) => new FrameMotionTarget(Config<FrameMotionConfig>(p, "frame+motion"), c)),
        new("trajectory", typeof(TrajectoryConfig), "MME's trajectories: K tracked points per patch, L steps of displacement plus HOG along the track", (p, c) => new TrajectoryTarget(Config<TrajectoryConfig>(p, "trajectory"), c)),
    ];

    /// <summary>Named recipes of the papers' ablation rows.</summary>
    public static IReadOnlyDictionary<string, (TargetSpec Spec, string Description)> Presets { get; } = new Dictionary<string, (TargetSpec, string)>
    {
        ["videomae-pixel"] = (new TargetSpec("pixel"), "VideoMAE: normalised pixels"),
        ["maskfeat-hog"] = (new TargetSpec("hog"), "MaskFeat HOG of the first frame of each cube"),
        ["mme-hog"] = (new TargetSpec("hog", new JsonObject { ["Variant"] = "Mme" }), "MME's HOG: soft bins, averaged, middle frame"),
        ["mme-hog-interp"] = (new TargetSpec("hog", new JsonObject { ["Variant"] = "Mme", ["Dense"] = true }), "MME T6: HOG of every raw frame the cube spans"),
        ["mme-hog+flow"] = (new TargetSpec("hog+flow"), "MME T5: HOG and flow"),
        ["mme-hog+hof"] = (new TargetSpec("hog+hof"), "MME T5: HOG and HOF"),
        ["mme-hog+mbh"] = (new TargetSpec("hog+mbh"), "MME T5: HOG and MBH"),
        ["mme-hog+traj-noshape"] = (new TargetSpec("hog+trajectory", new JsonObject { ["trajectory"] = new JsonObject { ["Shape"] = false } }), "MME T5: HOG and trajectory positions without shape"),
        ["mme-traj"] = (new TargetSpec("trajectory"), "MME's default: trajectories, L=6, K=4, interpolated, patch-normalised"),
        ["mme-traj+mbh+hof"] = (new TargetSpec("trajectory+mbh+hof", new JsonObject { ["mbh"] = new JsonObject { ["Dense"] = true }, ["hof"] = new JsonObject { ["Dense"] = true } }), "MME appendix T11: trajectories with MBH and HOF"),
        ["motionmae-frame+motion"] = (new TargetSpec("frame+motion"), "MotionMAE: frame and temporal difference (g=1)"),
        ["motionmae-frame+flow"] = (new TargetSpec("frame+motion", new JsonObject { ["Motion"] = "Flow" }), "MotionMAE T7: frame and optical flow"),
    };

    public static TargetEntry Entry(string name) =>
        Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown target \"{name}\"; known: {string.Join(", ", Entries.Select(e => e.Name))} (combine with '+', e.g. hog+hof)");

    /// <summary>Builds a target from its spec (a registered name, a preset name, or names joined by '+').</summary>
    public static ITarget Create(TargetSpec spec, TargetContext context)
    {
        if (Presets.TryGetValue(spec.Name, out var preset) && spec.Params is null) return Create(preset.Spec, context);
        if (Entries.Any(e => string.Equals(e.Name, spec.Name, StringComparison.OrdinalIgnoreCase))) return Entry(spec.Name).Create(spec.Params, context);
        var names = SplitComposite(spec.Name);
        if (names.Count < 2) throw new ArgumentException($"unknown target \"{spec.Name}\"; known: {string.Join(", ", Entries.Select(e => e.Name))}; presets: {string.Join(", ", Presets.Keys)}");
        if (spec.Params is not null)
            foreach (var key in spec.Params.Select(kv => kv.Key))
                if (!names.Contains(key, StringComparer.OrdinalIgnoreCase))
                    throw new ArgumentException($"composite target \"{spec.Name}\" got settings for \"{key}\", which is not one of its parts ({string.Join(", ", names)})");
        var children = names.Select(n => Entry(n).Create(spec.Params?.FirstOrDefault(kv => string.Equals(kv.Key, n, StringComparison.OrdinalIgnoreCase)).Value as JsonObject, context)).ToList();
        return new CompositeTarget(children);
    }

    public static ITarget Create(string name, TargetContext context, string? paramsJson = null) =>
        Create(new TargetSpec(name, paramsJson is null ? null : JsonNode.Parse(paramsJson) as JsonObject ?? throw new ArgumentException($"target settings must be a JSON object, got {paramsJson}")), context);

    /// <summary>Splits "trajectory+mbh+hof" into registered names, keeping "frame+motion" whole.</summary>
    private static List<string> SplitComposite(string name)
    {
        var tokens = name.Split('+');
        var result = new List<string>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i + 1 < tokens.Length && string.Equals(tokens[i] + "+" + tokens[i + 1], "frame+motion", StringComparison.OrdinalIgnoreCase))
            {
                result.Add("frame+motion");
                i++;
            }
            else result.Add(tokens[i] == "traj" ? "trajectory" : tokens[i]);
        }
        return result;
    }

    /// <summary>Reads a config record from JSON settings; missing settings keep their defaults.</summary>
    public static T Config<T>(JsonObject? settings, string target) where T : class
    {
        settings ??= new JsonObject();
        try
        {
            return settings.Deserialize<T>(Json) ?? throw new ArgumentException($"settings of target \"{target}\" are null");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"settings of target \"{target}\" ({typeof(T).Name}) are invalid: {e.Message} (got {settings.ToJsonString()})", e);
        }
    }
}
