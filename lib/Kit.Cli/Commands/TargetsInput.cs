using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>Reading one clip (and its raw frames and flow) from .npy files for `kit targets` and `kit mask`.</summary>
internal static class TargetsInput
{
    /// <summary>A clip file: (C, T, H, W) or (1, C, T, H, W), float in [0, 1] or uint8 in [0, 255].</summary>
    /// <returns>(1, C, T, H, W) float32 on the device</returns>
    public static Tensor LoadClip(string path, string option, Device device)
    {
        using var scope = NewDisposeScope();
        var t = Npy.Load(path);
        if (t.ndim == 4) t = t.unsqueeze(0);
        if (t.ndim != 5 || t.size(0) != 1)
            throw new UsageException($"--{option} {path}: expected a (C, T, H, W) array, got shape [{string.Join(", ", t.shape)}]");
        t = t.dtype == ScalarType.Byte ? t.to(float32) / 255.0 : t.to(float32);
        return scope.MoveToOuter(t.to(device));
    }

    /// <summary>A flow file: (F, 2, H, W) or (1, F, 2, H, W) in pixels, (dx, dy) from raw frame i to i+1.</summary>
    public static Tensor LoadFlow(string path, Device device)
    {
        using var scope = NewDisposeScope();
        var t = Npy.Load(path).to(float32);
        if (t.ndim == 4) t = t.unsqueeze(0);
        if (t.ndim != 5 || t.size(0) != 1 || t.size(2) != 2)
            throw new UsageException($"--flow {path}: expected a (F, 2, H, W) array, got shape [{string.Join(", ", t.shape)}]");
        return scope.MoveToOuter(t.to(device));
    }

    public static Device ParseDevice(string spec) => spec == "auto" ? default_device : Device.Parse(spec);

    /// <summary>--params JSON with --ratio merged in (for masks).</summary>
    public static JsonObject? Params(Args args, bool withRatio)
    {
        var text = args.Get("params");
        JsonObject? p = null;
        if (text is not null) p = JsonNode.Parse(text) as JsonObject ?? throw new UsageException($"--params must be a JSON object, got {text}");
        if (withRatio && args.Get("ratio") is not null)
        {
            p ??= new JsonObject();
            p["Ratio"] = args.Double("ratio", 0);
        }
        return p;
    }
}
