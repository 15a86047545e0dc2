namespace Kit.Experiments;

/// <summary>Each paper's default recipe (the shaded row of its ablation tables), as the tables' base recipes.</summary>
public static class Recipes
{
    /// <summary>MME's trajectory target with every pre-processing step on: L=6, K=4, interpolation, the paper's patch norm
    /// (each patch's concatenated values; the release's per-step norm is norm_over=step).</summary>
    public static ComponentRef Trajectory { get; } = ComponentRef.Of("trajectory",
        ("length", 6), ("points", 4), ("interpolation", true), ("patch_norm", true), ("norm_over", "patch"), ("density", "dense"),
        ("shape", true), ("camera_compensation", true), ("out_of_view_mask", true));

    /// <summary>
    /// MME/M3Video ablation setting: ViT-B, 25% of SSv2, 200 epochs pre-training, 50 epochs fine-tuning with half the
    /// input patches dropped, trajectory target, tube masking 70%, joint decoder of depth 1. Stride 3 follows MME's
    /// implementation details (M3Video and MME's ablation text say 2; the versions disagree).
    /// </summary>
    public static Recipe MmeAblation { get; } = new()
    {
        Data = new DataRecipe(Dataset: "ssv2", Fraction: 0.25, Stride: 3, InputPatchFraction: 0.5),
        Model = new ModelRecipe(Decoder: "joint", DecoderDepth: 1),
        Target = Trajectory,
        Mask = ComponentRef.Of("tube", ("ratio", 0.7)),
        Pretrain = new PretrainRecipe(Epochs: 200),
        Finetune = new FinetuneRecipe(Epochs: 50),
    };

    /// <summary>VideoMAE: pixel target (patch-normalised), tube masking 90%, decoder depth 4.</summary>
    public static Recipe VideoMae { get; } = new()
    {
        Data = new DataRecipe(Dataset: "ssv2", Stride: 2),
        Target = ComponentRef.Of("pixel", ("patch_norm", true)),
        Mask = ComponentRef.Of("tube", ("ratio", 0.9)),
        Pretrain = new PretrainRecipe(Epochs: 800),
        Finetune = new FinetuneRecipe(Epochs: 40),
    };

    /// <summary>
    /// MotionMAE: frame + temporal-difference motion target (weights 1:1, granularity 1), tube masking 90%, parallel
    /// decoder of depth 4 and width 384, MSE, 400 epochs on SSv2.
    /// </summary>
    public static Recipe MotionMae { get; } = VideoMae with
    {
        Target = ComponentRef.Of("frame+motion", ("frame_weight", 1.0), ("motion_weight", 1.0), ("motion", "difference"), ("granularity", 1)),
        Model = new ModelRecipe(Decoder: "parallel", DecoderDepth: 4, DecoderWidth: 384),
        Pretrain = new PretrainRecipe(Epochs: 400),
    };

    /// <summary>
    /// MGMAE: pixel target, motion-guided masking 90% (middle base frame, backward warping, frame-level sampling,
    /// mixed-Gaussian initial map, tube hole filling, online flow, no exposure noise), 800 epochs on SSv2.
    /// </summary>
    public static Recipe Mgmae { get; } = VideoMae with
    {
        Mask = MotionGuided(0.9),
    };

    /// <summary>MGMAE's motion-guided mask with its default choices at the given ratio.</summary>
    public static ComponentRef MotionGuided(double ratio) => ComponentRef.Of("motion_guided",
        ("ratio", ratio), ("base_frame", "middle"), ("warping", "backward"), ("sampling", "frame"),
        ("init", "mixed_gaussian"), ("holes", "tube"), ("flow", "online"), ("exposure", false));

    /// <summary>The recipes by the names <c>kit finetune --recipe</c> takes: mme (<see cref="MmeAblation"/>, MME's
    /// default row), videomae, mgmae, motionmae.</summary>
    public static IReadOnlyDictionary<string, Recipe> ByName => new Dictionary<string, Recipe>
    {
        ["mme"] = MmeAblation,
        ["videomae"] = VideoMae,
        ["mgmae"] = Mgmae,
        ["motionmae"] = MotionMae,
    };

    /// <summary>A recipe by name; throws naming the choices when unknown.</summary>
    public static Recipe Get(string name) =>
        ByName.TryGetValue(name, out var recipe) ? recipe
        : throw new ArgumentException($"unknown recipe '{name}': expected one of {string.Join(", ", ByName.Keys)}");
}
