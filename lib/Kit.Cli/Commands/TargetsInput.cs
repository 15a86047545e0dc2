using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>Reading one clip (and its raw frames and flow) from .npy files for `kit targets` and `kit mask`.</summary>
public static class TargetsInput
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

    /// <summary>
    /// One clip decoded from a video: <paramref name="grid"/>.Frames frames every <paramref name="stride"/> raw frames
    /// from <paramref name="start"/>, the short side resized to the grid and centre-cropped square, with every raw frame
    /// (and the raw-rate flow, as many pairs as the target needs, past the span when its trajectories run on) when the
    /// target asks for them. Frames past the video's end repeat its last frame.
    /// </summary>
    public static ClipBatch FromVideo(string path, TokenGrid grid, int stride, int start, int flowPairs, FlowConfig flow, TargetNeeds needs, Device device)
    {
        using var scope = NewDisposeScope();
        var info = VideoFile.Info(path);
        var span = grid.Frames * stride;
        var rawCount = needs.HasFlag(TargetNeeds.Flow) ? Math.Max(span, flowPairs + 1) : span;
        if (start < 0 || start >= info.Frames) throw new UsageException($"--start {start} is outside the video's {info.Frames} frames");
        var indices = Enumerable.Range(0, rawCount).Select(i => (long)Math.Min(start + i, info.Frames - 1)).ToList();
        var decoded = VideoFile.Read(path, indices);                                  // (T, H, W, 3) uint8
        var geometry = SpatialAugment.Test((int)decoded.size(1), (int)decoded.size(2), new AugmentConfig(Size: grid.Height, Mode: CropMode.Test))[0];
        var frames = geometry.ApplyToFrames(decoded);                                 // (3, T, S, S) float 0..1
        var clip = frames.narrow(1, 0, span).slice(1, 0, span, stride).unsqueeze(0);
        Tensor? raw = needs == TargetNeeds.None ? null : frames.unsqueeze(0);
        Tensor? flowField = null;
        if (needs.HasFlag(TargetNeeds.Flow))
        {
            var pixels = (frames * 255).round().clamp(0, 255).to(uint8).permute(1, 2, 3, 0).contiguous();   // (T, S, S, 3)
            flowField = OpticalFlow.Compute(pixels, flow).Flow.unsqueeze(0);
        }
        return new ClipBatch(scope.MoveToOuter(clip.contiguous().to(device)), raw is null ? null : scope.MoveToOuter(raw.contiguous().to(device)),
            flowField is null ? null : scope.MoveToOuter(flowField.to(device)), null, stride);
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
