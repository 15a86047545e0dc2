using System.Text.Json.Serialization;

namespace Kit.Data.Synth;

/// <summary>What defines the classes of a synthetic dataset.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SynthVariant
{
    /// <summary>Classes are motions (Something-Something-like); appearance is random.</summary>
    Motion,
    /// <summary>Classes are appearances (shape x texture, Kinetics-like appearance bias); motion is random.</summary>
    Appearance,
}

/// <summary>Settings of a synthetic dataset; saved beside it as synth.json.</summary>
/// <param name="Videos">number of videos over all splits.</param>
/// <param name="Seed">same seed and settings, same bytes.</param>
/// <param name="Size">frame height = width in pixels.</param>
/// <param name="Frames">frames per video.</param>
/// <param name="Variant">motion-defined or appearance-defined classes.</param>
/// <param name="CameraMotionChance">fraction of clips with a camera pan and/or zoom.</param>
/// <param name="ExitChance">fraction of translating clips whose object leaves the frame.</param>
/// <param name="MaxDistractors">up to this many static extra objects per clip.</param>
/// <param name="TrainFraction">share of videos in train (the rest split evenly into val and test).</param>
/// <param name="Fps">frame rate written into the files.</param>
/// <param name="ObjectScale">factor on the moving objects' radii (drawn from 0.08-0.13 of the frame side at 1): larger
/// objects put their motion into more tokens.</param>
public sealed record SynthConfig(
    int Videos = 300,
    ulong Seed = 0,
    int Size = 64,
    int Frames = 32,
    SynthVariant Variant = SynthVariant.Motion,
    double CameraMotionChance = 0.3,
    double ExitChance = 0.25,
    int MaxDistractors = 2,
    double TrainFraction = 0.7,
    double Fps = 25,
    double ObjectScale = 1.0)
{
    /// <summary>The fast configuration tests use: 24 videos of 32x32x16.</summary>
    public static SynthConfig Tiny => new(Videos: 24, Size: 32, Frames: 16);

    public SynthConfig Validate()
    {
        if (Videos < 1) throw new ArgumentException($"synthetic dataset: videos must be at least 1, got {Videos}");
        if (Size is < 16 or > 1024) throw new ArgumentException($"synthetic dataset: size must be 16..1024 pixels, got {Size}");
        if (Frames is < 2 or > 10000) throw new ArgumentException($"synthetic dataset: frames must be 2..10000, got {Frames}");
        if (CameraMotionChance is < 0 or > 1) throw new ArgumentException($"synthetic dataset: camera motion chance must be in [0, 1], got {CameraMotionChance}");
        if (ExitChance is < 0 or > 1) throw new ArgumentException($"synthetic dataset: exit chance must be in [0, 1], got {ExitChance}");
        if (MaxDistractors < 0) throw new ArgumentException($"synthetic dataset: max distractors must be >= 0, got {MaxDistractors}");
        if (TrainFraction is <= 0 or > 1) throw new ArgumentException($"synthetic dataset: train fraction must be in (0, 1], got {TrainFraction}");
        if (ObjectScale is <= 0 or > 3) throw new ArgumentException($"synthetic dataset: object scale must be in (0, 3], got {ObjectScale}");
        if (Fps <= 0) throw new ArgumentException($"synthetic dataset: fps must be positive, got {Fps}");
        return this;
    }

    /// <summary>Class names of this variant, in label order.</summary>
    public IReadOnlyList<string> ClassNames => Variant == SynthVariant.Motion ? SynthMotions.Names : SynthGenerator.AppearanceNames;
}
