using System.Text.Json.Serialization;

namespace Kit.Model;

/// <summary>How the decoder serves several target parts (MME Table 12, MotionMAE Table 10).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecoderArrangement>))]
public enum DecoderArrangement
{
    /// <summary>One decoder stack, one linear head per part (MME's default).</summary>
    Joint,

    /// <summary>One full decoder stack (blocks, norm, head) per part (MME "separate", MotionMAE's parallel heads).</summary>
    Separate,

    /// <summary>All blocks but the last are shared; each part has its own last block, norm and head (MotionMAE Table 10 "shared").</summary>
    SharedButLast,
}

/// <summary>The pre-training decoder: width, depth, heads and how target parts are split across it.</summary>
public sealed record DecoderConfig(int Dim = 128, int Depth = 1, int Heads = 4, DecoderArrangement Arrangement = DecoderArrangement.Joint)
{
    public void Validate()
    {
        if (Dim <= 0) throw new ArgumentException($"model.decoder.dim must be positive, got {Dim}");
        if (Depth < 1) throw new ArgumentException($"model.decoder.depth must be at least 1, got {Depth}");
        if (Heads <= 0 || Dim % Heads != 0) throw new ArgumentException($"model.decoder.heads ({Heads}) must divide model.decoder.dim ({Dim})");
    }
}

/// <summary>
/// A video ViT size and its input geometry. Named presets (<see cref="ModelPresets"/>) are saved with every checkpoint
/// and result, so a number can always be traced to the model that produced it.
/// </summary>
/// <param name="Name">preset name (or "custom").</param>
/// <param name="Frames">encoder frames T per clip.</param>
/// <param name="ImageSize">square crop side H = W in pixels.</param>
/// <param name="Tubelet">frames per token cube.</param>
/// <param name="Patch">pixels per token cube side.</param>
/// <param name="DropPath">stochastic depth of the last block (rises linearly from 0 over depth).</param>
/// <param name="NormalizeInput">subtract ImageNet's mean and divide by its std per channel (clips arrive in 0..1); needs 3 channels.</param>
public sealed record ModelConfig(
    string Name = "cpu-small",
    int Frames = 16,
    int ImageSize = 64,
    int Channels = 3,
    int Tubelet = 2,
    int Patch = 16,
    int Dim = 192,
    int Depth = 4,
    int Heads = 3,
    double MlpRatio = 4.0,
    double DropPath = 0.0,
    DecoderConfig? Decoder = null,
    bool NormalizeInput = true)
{
    public DecoderConfig DecoderOrDefault => Decoder ?? new DecoderConfig();

    public Kit.Data.TokenGrid Grid => new(Frames, ImageSize, ImageSize, Tubelet, Patch);

    /// <summary>Values of one token cube per channel set: C x tubelet x patch x patch.</summary>
    public int CubeValues => Channels * Tubelet * Patch * Patch;

    public void Validate()
    {
        if (Channels <= 0) throw new ArgumentException($"model.channels must be positive, got {Channels}");
        if (NormalizeInput && Channels != 3) throw new ArgumentException($"model.normalizeInput uses ImageNet's 3-channel statistics but model.channels is {Channels}; set normalizeInput to false");
        if (Dim <= 0) throw new ArgumentException($"model.dim must be positive, got {Dim}");
        if (Depth < 1) throw new ArgumentException($"model.depth must be at least 1, got {Depth}");
        if (Heads <= 0 || Dim % Heads != 0) throw new ArgumentException($"model.heads ({Heads}) must divide model.dim ({Dim})");
        if (Dim % 2 != 0) throw new ArgumentException($"model.dim must be even for the sinusoid position table, got {Dim}");
        if (DropPath is < 0 or >= 1) throw new ArgumentException($"model.dropPath must be in [0, 1), got {DropPath}");
        _ = Grid.Tokens; // throws naming frames/height and tubelet/patch when they do not divide
        DecoderOrDefault.Validate();
    }
}
