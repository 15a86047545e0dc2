namespace Kit.Model;

/// <summary>
/// Named model sizes. "cpu-small" is the kit's default: 16 x 64 x 64 clips cut into 2 x 16 x 16 cubes (128 tokens), a
/// 4-block width-192 encoder and a 1-block width-128 decoder, sized so one ablation row runs in minutes on 2 CPU cores.
/// "vit-s" and "vit-b" are VideoMAE's ViT-S/16 and ViT-B/16 at the papers' 16 x 224 x 224 input.
/// </summary>
public static class ModelPresets
{
    public static IReadOnlyDictionary<string, ModelConfig> All { get; } = new Dictionary<string, ModelConfig>
    {
        ["cpu-tiny"] = new("cpu-tiny", Frames: 8, ImageSize: 32, Dim: 96, Depth: 2, Heads: 3, Decoder: new DecoderConfig(64, 1, 2)),
        ["cpu-small"] = new("cpu-small", Frames: 16, ImageSize: 64, Dim: 192, Depth: 4, Heads: 3, Decoder: new DecoderConfig(128, 1, 4)),
        ["vit-s"] = new("vit-s", Frames: 16, ImageSize: 224, Dim: 384, Depth: 12, Heads: 6, DropPath: 0.1, Decoder: new DecoderConfig(192, 4, 3)),
        ["vit-b"] = new("vit-b", Frames: 16, ImageSize: 224, Dim: 768, Depth: 12, Heads: 12, DropPath: 0.1, Decoder: new DecoderConfig(384, 4, 6)),
    };

    public const string Default = "cpu-small";

    public static ModelConfig Get(string name) =>
        All.TryGetValue(name, out var c) ? c : throw new ArgumentException($"unknown model preset '{name}'; known presets: {string.Join(", ", All.Keys)}");
}
