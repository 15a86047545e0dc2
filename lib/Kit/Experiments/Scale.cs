namespace Kit.Experiments;

/// <summary>
/// How big a run is. A scale maps a paper recipe onto sizes the machine can afford: encoder preset, clip size,
/// optimizer steps, batch size, the dataset, and how many seeds a row runs by default. Below paper scale the table's
/// base recipe gets <see cref="PretrainSteps"/> and <see cref="FinetuneSteps"/>, and a row that trains longer or on
/// more data in the paper (800 vs 400 epochs, 100% vs 25% of the videos) gets proportionally more steps, so every
/// table costs about the same while the ratios inside a table stay the paper's.
/// </summary>
/// <param name="Name">"smoke", "quick", "cpu", "gpu" or "paper".</param>
/// <param name="ModelPreset">Encoder preset of Kit.Model.ModelPresets ("cpu-tiny", "cpu-small", "vit-b").</param>
/// <param name="Frames">Frames per clip.</param>
/// <param name="Size">Frame side in pixels.</param>
/// <param name="PatchSize">Spatial patch side in pixels.</param>
/// <param name="PretrainSteps">Pre-training steps of a table's base recipe; null = train the paper's epochs.</param>
/// <param name="FinetuneSteps">Fine-tuning (or probe) steps of a table's base recipe; null = the paper's epochs.</param>
/// <param name="BatchSize">Clips per step; null = the paper's.</param>
/// <param name="DefaultSeeds">Seeds per row unless the caller asks for more.</param>
/// <param name="Dataset">Dataset every row uses at this scale ("synthetic-stream"); null = the recipe's own.</param>
/// <param name="Manifest">Dataset manifest path (paper scale needs one).</param>
/// <param name="Device">"cpu", "cuda" or "auto" (CUDA when available).</param>
public sealed record Scale(
    string Name,
    string ModelPreset,
    int Frames,
    int Size,
    int PatchSize,
    int? PretrainSteps,
    int? FinetuneSteps,
    int? BatchSize,
    int DefaultSeeds,
    string? Dataset,
    string? Manifest = null,
    string Device = "auto")
{
    /// <summary>Clips per class of the synthetic protocol's labelled training set.</summary>
    public int LabelledPerClass { get; init; } = 60;

    /// <summary>Clips per class of the synthetic protocol's held-out test set (what the tables report).</summary>
    public int TestPerClass { get; init; } = 30;

    /// <summary>Synthetic protocol: share of clips with a camera pan and/or zoom (a nuisance motion).</summary>
    public double CameraMotionChance { get; init; } = 0.3;

    /// <summary>Synthetic protocol: up to this many static distractor objects per clip.</summary>
    public int MaxDistractors { get; init; } = 2;

    /// <summary>Synthetic protocol: share of translating clips whose object leaves the frame.</summary>
    public double ExitChance { get; init; } = 0.25;

    /// <summary>Synthetic protocol: factor on the moving objects' radii (1 = 0.08-0.13 of the frame side).</summary>
    public double ObjectScale { get; init; } = 1.0;

    /// <summary>Frames per token cube.</summary>
    public int Tubelet { get; init; } = 2;

    /// <summary>Clips per fine-tuning step; null = <see cref="BatchSize"/>.</summary>
    public int? FinetuneBatchSize { get; init; }

    /// <summary>Peak learning rates the papers' default base rates map to below paper scale (pre-training,
    /// fine-tuning, training from scratch); see <c>TrainerRowExecutor.LrBoost</c>.</summary>
    public double PretrainPeakLr { get; init; } = 1.5e-3;

    /// <inheritdoc cref="PretrainPeakLr"/>
    public double FinetunePeakLr { get; init; } = 1e-3;

    /// <summary>Seconds a row: a handful of steps on tiny clips; what the test suite runs.</summary>
    public static Scale Smoke { get; } = new("smoke", "cpu-tiny", Frames: 8, Size: 32, PatchSize: 8,
        PretrainSteps: 2, FinetuneSteps: 2, BatchSize: 4, DefaultSeeds: 1, Dataset: SynthStreamName, Device: "cpu")
    { LabelledPerClass = 1, TestPerClass = 1 };

    /// <summary>A table in about 10 minutes on 2 CPU cores: a demonstration of the protocol, not evidence. Its sanity row
    /// (100 steps of 64 clips from scratch) stays at chance; 150 or 200 steps of 256 clips reached 17.9 %, about 4-7
    /// minutes for that row alone (docs/experiments.md). The cpu scale's scene settings.</summary>
    public static Scale Quick { get; } = new("quick", "cpu-small", Frames: 8, Size: 32, PatchSize: 8,
        PretrainSteps: 60, FinetuneSteps: 40, BatchSize: 64, DefaultSeeds: 1, Dataset: SynthStreamName, Device: "cpu")
    { LabelledPerClass = 30, TestPerClass = 20, CameraMotionChance = 0, MaxDistractors = 0, ExitChance = 0, ObjectScale = 2 };

    /// <summary>Where the sanity rows learn on 2 CPU cores: 8 x 32 x 32 clips in 2 x 8 x 8 cubes (64 tokens), batch 256,
    /// supervised training from scratch on the stream for 600 steps (153,600 clips), without camera motion, distractors
    /// or exits, and moving objects twice the generator's default radius (<see cref="ObjectScale"/> 2: 0.16-0.26 of the
    /// side, as many tokens as the default objects cover at 64 px). With the default objects the loss sat at chance
    /// for 120-270 steps and three seeds reached 25.5, 23.3 and 66.2 %; with these it leaves chance within 40 steps
    /// (docs/experiments.md). Pre-training rows take 4-10 minutes on 2 cores, as much again fine-tuned, so one seed
    /// by default (pass --seeds 3 for spreads; --measure probe skips fine-tuning).</summary>
    public static Scale Cpu { get; } = new("cpu", "cpu-small", Frames: 8, Size: 32, PatchSize: 8,
        PretrainSteps: 300, FinetuneSteps: 300, BatchSize: 256, DefaultSeeds: 1, Dataset: SynthStreamName, Device: "cpu")
    { LabelledPerClass = 60, TestPerClass = 30, CameraMotionChance = 0, MaxDistractors = 0, ExitChance = 0, ObjectScale = 2 };

    /// <summary>A table in about 10 minutes on one current GPU, where the papers' main contrasts are expected: ViT-S at
    /// 16 x 64 x 64 with 2 x 8 x 8 cubes (512 tokens). Not yet measured on a GPU.</summary>
    public static Scale Gpu { get; } = new("gpu", "vit-s", Frames: 16, Size: 64, PatchSize: 8,
        PretrainSteps: 4000, FinetuneSteps: 1500, BatchSize: 128, DefaultSeeds: 3, Dataset: SynthStreamName, Device: "auto")
    { LabelledPerClass = 60, TestPerClass = 50 };

    /// <summary>The paper's setting: ViT-B, 16 x 224 x 224, the recipe's epochs, a real dataset manifest; for GPUs.</summary>
    public static Scale Paper { get; } = new("paper", "vit-b", Frames: 16, Size: 224, PatchSize: 16,
        PretrainSteps: null, FinetuneSteps: null, BatchSize: null, DefaultSeeds: 1, Dataset: null);

    /// <summary>Name of the synthetic protocol's data (unlimited stream, labelled set, held-out test set).</summary>
    public const string SynthStreamName = "synthetic-stream";

    /// <summary>The scales by name, smallest first.</summary>
    public static IReadOnlyList<Scale> All { get; } = [Smoke, Quick, Cpu, Gpu, Paper];

    /// <summary>A scale by name; throws listing the names when unknown.</summary>
    public static Scale Get(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"Unknown scale '{name}': expected one of {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));

    /// <summary>Throws when the scale cannot run (paper scale without a manifest, non-positive sizes).</summary>
    public void Validate()
    {
        if (Dataset is null && string.IsNullOrEmpty(Manifest))
            throw new ArgumentException($"Scale '{Name}' trains on the paper's datasets and needs a dataset manifest: "
                + "use Scale.Paper with { Manifest = \"path\" } (CLI: --manifest PATH).");
        if (Frames <= 0 || Size <= 0 || PatchSize <= 0 || Size % PatchSize != 0)
            throw new ArgumentException($"Scale '{Name}': frames ({Frames}) and size ({Size}) must be positive and size a multiple of the patch size ({PatchSize}).");
        if (PretrainSteps <= 0 || FinetuneSteps <= 0)
            throw new ArgumentException($"Scale '{Name}': step counts must be positive (pre-training {PretrainSteps}, fine-tuning {FinetuneSteps}).");
        if (DefaultSeeds <= 0) throw new ArgumentException($"Scale '{Name}': DefaultSeeds must be positive, got {DefaultSeeds}.");
    }

    /// <summary>The recipe with this scale's sizes: what actually runs and what the results store keys on.</summary>
    /// <param name="recipe">A row's recipe at paper scale.</param>
    /// <param name="reference">The table's base recipe, which gets exactly this scale's step counts; null = the
    /// recipe itself.</param>
    public Recipe Resolve(Recipe recipe, Recipe? reference = null)
    {
        reference ??= recipe;
        return recipe with
        {
            Data = recipe.Data with
            {
                Dataset = Dataset ?? recipe.Data.Dataset,
                Frames = Frames,
                Size = Size,
                Manifest = Manifest ?? recipe.Data.Manifest,
            },
            Model = recipe.Model with { Preset = ModelPreset, PatchSize = PatchSize, TubeletSize = Name == Paper.Name ? recipe.Model.TubeletSize : Tubelet },
            Pretrain = recipe.Pretrain with
            {
                Steps = Proportional(PretrainSteps, recipe.Pretrain.Epochs * recipe.Data.Fraction, reference.Pretrain.Epochs * reference.Data.Fraction),
                BatchSize = BatchSize ?? recipe.Pretrain.BatchSize,
            },
            Finetune = recipe.Finetune with
            {
                Steps = FromScratchOnStream(recipe)
                    // Supervised training on the stream gets the whole budget of the pre-train-then-fine-tune pipeline
                    // it is compared with.
                    ? PretrainSteps + FinetuneSteps
                    : Proportional(FinetuneSteps, recipe.Finetune.Epochs, reference.Finetune.Epochs),
                BatchSize = FinetuneBatchSize ?? BatchSize ?? recipe.Finetune.BatchSize,
            },
        };
    }

    /// <summary>A row without pre-training that trains on the unlimited stream.</summary>
    private static bool FromScratchOnStream(Recipe r) => r.Pretrain.Epochs == 0 && r.Finetune.Data == FinetuneRecipe.Stream;

    /// <summary>Steps for <paramref name="work"/> when <paramref name="referenceWork"/> gets <paramref name="baseSteps"/>;
    /// no work (a row without pre-training) is no steps.</summary>
    private static int? Proportional(int? baseSteps, double work, double referenceWork) =>
        work <= 0 ? 0 : baseSteps is { } n ? Math.Max(1, (int)Math.Round(n * work / referenceWork, MidpointRounding.AwayFromZero)) : null;
}
