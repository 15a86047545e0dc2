using System.Globalization;
using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Experiments;
using Kit.Masking;
using Kit.Model;
using Kit.Targets;
using Kit.Training;

namespace Kit.Pipeline;

/// <summary>
/// Translates an ablation recipe (plain names and string parameters, as the papers' tables speak) into the typed
/// configs of the model, target, mask, loss and data layers. Every recipe parameter is read here or rejected by name,
/// so a table cannot silently ask for something the trainer ignores.
/// </summary>
public static class RecipeMapping
{
    /// <summary>Width of VideoMAE's ViT-B decoder: decoder widths in recipes are read relative to it at smaller scales.</summary>
    public const int PaperDecoderWidth = 384;

    /// <summary>The encoder and decoder for a resolved recipe: the preset's sizes, the recipe's clip geometry and decoder design.</summary>
    public static ModelConfig Model(Recipe r)
    {
        var preset = ModelPresets.Get(r.Model.Preset);
        var baseDecoder = preset.DecoderOrDefault;
        // Below paper scale the preset's decoder is narrower than ViT-B's: keep the recipe's width ratio.
        var width = preset.Name == "vit-b" ? r.Model.DecoderWidth : Math.Max(baseDecoder.Heads, (int)Math.Round((double)baseDecoder.Dim * r.Model.DecoderWidth / PaperDecoderWidth / baseDecoder.Heads) * baseDecoder.Heads);
        var arrangement = r.Model.Decoder switch
        {
            "joint" => DecoderArrangement.Joint,
            "separate" or "parallel" => DecoderArrangement.Separate,
            "shared" => DecoderArrangement.SharedButLast,
            _ => throw new ArgumentException($"model.decoder '{r.Model.Decoder}' is not one of joint, separate, parallel, shared"),
        };
        return preset with
        {
            Frames = r.Data.Frames,
            ImageSize = r.Data.Size,
            Patch = r.Model.PatchSize,
            Tubelet = r.Model.TubeletSize,
            Decoder = new DecoderConfig(width, r.Model.DecoderDepth, baseDecoder.Heads, arrangement),
        };
    }

    public static LossConfig Loss(Recipe r)
    {
        var kind = r.Pretrain.Loss switch
        {
            "mse" => LossKind.Mse,
            "l1" => LossKind.L1,
            "smooth_l1" => LossKind.SmoothL1,
            _ => throw new ArgumentException($"pretrain.loss '{r.Pretrain.Loss}' is not one of mse, l1, smooth_l1"),
        };
        Dictionary<string, double>? weights = null;
        if (r.Target.Name == "frame+motion")
            weights = new() { ["frame"] = r.Target.Double("frame_weight"), ["motion"] = r.Target.Double("motion_weight") };
        return new LossConfig(kind, PartWeights: weights);
    }

    /// <summary>Whether the data layer must compensate camera motion in the flow it computes (MME's pre-processing).</summary>
    public static bool CompensateCamera(Recipe r) => r.Target["camera_compensation"] is { } v ? r.Target.Bool("camera_compensation") : false;

    /// <summary>The target's registry spec. Recipe names: pixel, hog, hog+flow, hog+hof, hog+mbh, trajectory, traj+mbh+hof, frame_difference, frame+motion.</summary>
    public static TargetSpec Target(ComponentRef t)
    {
        var used = new HashSet<string>();
        string? Get(string key) { used.Add(key); return t[key]; }
        bool Flag(string key, bool fallback) { used.Add(key); return t[key] is null ? fallback : t.Bool(key); }
        int Int(string key, int fallback) { used.Add(key); return t[key] is null ? fallback : t.Int(key); }

        JsonObject Hog(bool dense) => new() { ["Variant"] = "Mme", ["Dense"] = dense };
        JsonObject Trajectory()
        {
            var points = Int("points", 4);
            var side = (int)Math.Round(Math.Sqrt(points));
            if (side * side != points) throw new ArgumentException($"target trajectory: points must be a square number (1, 4, 16), got {points}");
            var density = (Get("density") ?? "dense") switch
            {
                "dense" => "Dense",
                "sparse_mean" => "SparseMean",
                "sparse_max" => "SparseMax",
                var d => throw new ArgumentException($"target trajectory: density '{d}' is not one of dense, sparse_mean, sparse_max"),
            };
            used.Add("camera_compensation"); // applied to the flow by the data layer (improved dense trajectories)
            return new JsonObject
            {
                ["PointsPerSide"] = side,
                ["Length"] = Int("length", 6),
                ["Interpolate"] = Flag("interpolation", true),
                ["PatchNorm"] = Flag("patch_norm", true),
                ["Norm"] = (Get("norm_over") ?? "patch") switch
                {
                    "patch" => "Patch",
                    "step" => "Step",
                    var n => throw new ArgumentException($"target trajectory: norm_over '{n}' is not one of patch (the paper: each patch's values), step (the release: per component and step over the trajectories)"),
                },
                ["Density"] = density,
                ["Shape"] = Flag("shape", true),
                ["OutOfViewMask"] = Flag("out_of_view_mask", true),
            };
        }

        TargetSpec spec = t.Name switch
        {
            "pixel" => new TargetSpec("pixel", new JsonObject { ["Normalize"] = Flag("patch_norm", true) }),
            "hog" => new TargetSpec("hog", Hog(Flag("interpolation", false))),
            "hog+flow" => new TargetSpec("hog+flow", new JsonObject { ["hog"] = Hog(Flag("interpolation", false)), ["flow"] = new JsonObject { ["Dense"] = Flag("interpolation", false) } }),
            "hog+hof" => new TargetSpec("hog+hof", new JsonObject { ["hog"] = Hog(Flag("interpolation", false)), ["hof"] = new JsonObject { ["Dense"] = Flag("interpolation", false) } }),
            "hog+mbh" => new TargetSpec("hog+mbh", new JsonObject { ["hog"] = Hog(Flag("interpolation", false)), ["mbh"] = new JsonObject { ["Dense"] = Flag("interpolation", false) } }),
            "trajectory" => new TargetSpec("trajectory", Trajectory()),
            "traj+mbh+hof" => new TargetSpec("trajectory+mbh+hof", new JsonObject { ["trajectory"] = Trajectory(), ["mbh"] = new JsonObject { ["Dense"] = true }, ["hof"] = new JsonObject { ["Dense"] = true } }),
            "frame_difference" => new TargetSpec("frame-diff", new JsonObject { ["Gap"] = Int("granularity", 1) }),
            "frame+motion" => new TargetSpec("frame+motion", new JsonObject
            {
                ["Motion"] = (Get("motion") ?? "difference") switch
                {
                    "difference" => "Difference",
                    "flow" => "Flow",
                    var m => throw new ArgumentException($"target frame+motion: motion '{m}' is not one of difference, flow"),
                },
                ["Gap"] = Int("granularity", 1),
            }),
            _ => throw new ArgumentException($"target '{t.Name}' is not one of pixel, hog, hog+flow, hog+hof, hog+mbh, trajectory, traj+mbh+hof, frame_difference, frame+motion"),
        };
        if (t.Name == "frame+motion") { used.Add("frame_weight"); used.Add("motion_weight"); } // loss weights: see Loss
        RejectUnused(t, used, "target");
        return spec;
    }

    /// <summary>The mask's registry spec. Recipe names: random, tube, cube, frame, motion_guided.</summary>
    /// <param name="grid">the clip's tokens: time-only masking at a ratio that would hide every temporal slot keeps one
    /// visible (MotionMAE's 90% time-only row hides 7 of 8 slots; a 4-slot clip hides 3).</param>
    public static MaskSpec Mask(ComponentRef m, Kit.Data.TokenGrid grid)
    {
        var used = new HashSet<string> { "ratio" };
        var ratio = m.Double("ratio");
        if (m.Name == "frame" && Math.Round(ratio * grid.Slots) >= grid.Slots) ratio = (grid.Slots - 1.0) / grid.Slots;
        string? Get(string key) { used.Add(key); return m[key]; }
        MaskSpec spec = m.Name switch
        {
            "random" or "tube" or "cube" or "frame" => new MaskSpec(m.Name, new JsonObject { ["Ratio"] = ratio }),
            "motion_guided" => MotionGuided(m, ratio, Get),
            _ => throw new ArgumentException($"mask '{m.Name}' is not one of random, tube, cube, frame, motion_guided"),
        };
        RejectUnused(m, used, "mask");
        return spec;
    }

    private static MaskSpec MotionGuided(ComponentRef m, double ratio, Func<string, string?> get)
    {
        static string Pick(string? value, string fallback, string key, params (string From, string To)[] names)
        {
            var v = value ?? fallback;
            foreach (var (from, to) in names) if (v == from) return to;
            throw new ArgumentException($"mask motion_guided: {key} '{v}' is not one of {string.Join(", ", names.Select(n => n.From))}");
        }
        var p = new JsonObject
        {
            ["Ratio"] = ratio,
            ["Base"] = Pick(get("base_frame"), "middle", "base_frame", ("first", "First"), ("middle", "Middle"), ("random", "Random")),
            ["Warping"] = Pick(get("warping"), "backward", "warping", ("backward", "Backward"), ("forward", "Forward")),
            ["Sampling"] = Pick(get("sampling"), "frame", "sampling", ("frame", "FrameLevel"), ("clip", "ClipLevel")),
            ["Initial"] = Pick(get("init"), "mixed_gaussian", "init", ("token_random", "TokenRandom"), ("pixel_random", "PixelRandom"), ("mixed_gaussian", "MixedGaussian")),
            ["Fill"] = Pick(get("holes"), "tube", "holes", ("random", "Random"), ("invisible", "Invisible"), ("visible", "Visible"), ("previous", "Previous"), ("tube", "Tube")),
            ["Exposure"] = get("exposure") is { } e ? bool.Parse(e) : false,
            ["Flow"] = Pick(get("flow"), "online", "flow", ("online", "Online"), ("tvl1", "Offline")),
        };
        if (get("flow_iterations") is { } iterations)
            p["Online"] = new JsonObject { ["Iterations"] = int.Parse(iterations, CultureInfo.InvariantCulture) };
        return new MaskSpec("motion-guided", p);
    }

    private static void RejectUnused(ComponentRef c, HashSet<string> used, string what)
    {
        var unused = c.Parameters.Keys.Where(k => !used.Contains(k)).ToList();
        if (unused.Count > 0)
            throw new ArgumentException($"{what} '{c.Name}': parameter(s) {string.Join(", ", unused)} are not understood by the trainer");
    }
}
