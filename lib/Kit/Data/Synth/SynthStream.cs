using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>Which part of the synthetic protocol a clip belongs to; each draws from its own generator seed.</summary>
public enum SynthDomain
{
    /// <summary>The unlimited stream pre-training and stream-supervised training read (one seed per run seed).</summary>
    Stream,

    /// <summary>The fixed small labelled training set (few-shot fine-tuning, probes, k-NN).</summary>
    Labelled,

    /// <summary>Held-out validation clips.</summary>
    Val,

    /// <summary>Held-out test clips: what the tables report.</summary>
    Test,
}

/// <summary>
/// Clips rendered on the fly, deterministic by (domain seed, index): clip <c>i</c> of a domain is video <c>i</c> of a
/// synthetic dataset whose videos are exactly as long as the clip, so each class's whole event (a pass and a
/// collision, a move and its return, a fall) lies inside the clip it labels. Labels cycle through the classes, so any
/// <c>k x classes</c> consecutive clips hold exactly <c>k</c> of each class.
/// </summary>
/// <param name="Scene">scene settings (size, variant, camera motion, distractors, exits); its Frames and Seed are ignored:
/// the clip length and the domain decide them.</param>
/// <param name="Seed">the protocol's base seed; each domain (and each run seed of the stream) derives its own from it.</param>
public sealed record SynthStream(SynthConfig Scene, ulong Seed = 7)
{
    /// <summary>Classes of the scene variant.</summary>
    public int Classes => Scene.ClassNames.Count;

    /// <summary>
    /// The generator seed of a domain. The stream's seed also depends on the run seed (every run sees its own
    /// clips); the labelled, validation and test sets are fixed for the protocol. Held-out domains never share a
    /// seed with any stream seed (<see cref="IsHeldOut"/>).
    /// </summary>
    public ulong DomainSeed(SynthDomain domain, ulong runSeed = 0) => domain switch
    {
        // The stream's seeds have their top bit clear and the fixed sets' set, so no run seed can reach them.
        SynthDomain.Stream => Hash(Seed, 0x5354_5245_414DUL ^ runSeed) & ~TopBit,
        SynthDomain.Labelled => Hash(Seed, 0x4C41_4245_4CUL) | TopBit,
        SynthDomain.Val => Hash(Seed, 0x56_414CUL) | TopBit,
        SynthDomain.Test => Hash(Seed, 0x54_4553_54UL) | TopBit,
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "unknown synthetic domain"),
    };

    /// <summary>True for the generator seeds of the labelled, validation and test sets, which no stream seed equals.</summary>
    public static bool IsHeldOut(ulong generatorSeed) => (generatorSeed & TopBit) != 0;

    private const ulong TopBit = 1UL << 63;

    private static ulong Hash(ulong a, ulong b) => SeededRandom.For(a, b).NextULong();

    /// <summary>Label of clip <paramref name="index"/> (classes cycle).</summary>
    public int LabelOf(long index) => (int)(index % Classes);

    /// <summary>The scene of clip <paramref name="index"/> of the domain with generator seed <paramref name="generatorSeed"/>.</summary>
    /// <param name="frames">raw frames the clip spans: the scene's whole event happens within them.</param>
    public SynthScene SceneOf(ulong generatorSeed, long index, int frames)
    {
        if (index is < 0 or > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(index), index, $"synthetic clip index must be in [0, {int.MaxValue}]");
        return SynthGenerator.Scene(Scene with { Seed = generatorSeed, Frames = frames }, (int)index);
    }

    /// <summary>Renders clip <paramref name="index"/>.</summary>
    /// <returns>(frames, Size, Size, 3) uint8 RGB, and the label.</returns>
    public (Tensor Frames, int Label) Render(ulong generatorSeed, long index, int frames)
    {
        var scene = SceneOf(generatorSeed, index, frames);
        return (SynthRenderer.Render(scene, Scene.Size), scene.Label);
    }

    /// <summary>The scene at every <paramref name="stride"/>-th frame only (what an encoder clip shows): rendering a
    /// clip that needs no raw-rate frames then costs one frame per sampled frame.</summary>
    public static SynthScene EveryNth(SynthScene scene, int stride)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "stride must be at least 1");
        if (stride == 1) return scene;
        T[] Pick<T>(T[] all) => Enumerable.Range(0, (all.Length + stride - 1) / stride).Select(i => all[i * stride]).ToArray();
        return scene with { Camera = Pick(scene.Camera), Objects = scene.Objects.Select(o => o with { Poses = Pick(o.Poses) }).ToList() };
    }

    /// <summary>Checks the settings; throws naming the bad one.</summary>
    public SynthStream Validate()
    {
        Scene.Validate();
        return this;
    }
}
