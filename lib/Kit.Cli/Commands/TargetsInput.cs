using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>Reading one clip (and its raw frames and flow) from .npy files or a video for `kit targets` and `kit mask`.</summary>
public static class TargetsInput
{
    /// <summary>A clip file: (T, H, W, 3) frames as written by image tools, (3, T, H, W) as the model reads them, or
    /// (1, 3, T, H, W); uint8 in [0, 255] or float in [0, 1]. Anything else (a flow file, a mask) is refused by name.</summary>
    /// <returns>(1, 3, T, H, W) float32 on the device</returns>
    public static Tensor LoadClip(string path, string option, Device device)
    {
        using var scope = NewDisposeScope();
        var t = Load(path, option);
        var shape = Shape(t.shape);
        if (t.ndim == 5 && t.size(0) == 1) t = t.squeeze(0);
        if (t.ndim == 4 && t.size(0) != 3 && t.size(3) == 3) t = t.permute(3, 0, 1, 2);   // (T, H, W, 3) -> (3, T, H, W)
        if (t.ndim != 4 || t.size(0) != 3)
        {
            var hint = t.ndim == 4 && t.size(1) == 2 ? " (that looks like a flow file: pass it as --flow)" : "";
            throw new UsageException($"--{option} {path}: expected a clip of shape (T, H, W, 3) or (3, T, H, W), got {shape}{hint}");
        }
        if (t.dtype is not (ScalarType.Byte or ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16))
            throw new UsageException($"--{option} {path}: expected uint8 (0..255) or float (0..1) pixels, got {t.dtype}");
        t = t.dtype == ScalarType.Byte ? t.to(float32) / 255.0 : t.to(float32);
        return scope.MoveToOuter(t.unsqueeze(0).contiguous().to(device));
    }

    /// <summary>A flow file: (F, 2, H, W) or (1, F, 2, H, W) in pixels, (dx, dy) from raw frame i to i+1.</summary>
    /// <returns>(1, F, 2, H, W) float32 on the device</returns>
    public static Tensor LoadFlow(string path, Device device)
    {
        using var scope = NewDisposeScope();
        var t = Load(path, "flow").to(float32);
        if (t.ndim == 4) t = t.unsqueeze(0);
        if (t.ndim != 5 || t.size(0) != 1 || t.size(2) != 2)
            throw new UsageException($"--flow {path}: expected a (F, 2, H, W) array (./kit flow writes one), got shape {Shape(t.shape)}");
        return scope.MoveToOuter(t.to(device));
    }

    /// <summary>Flow that must match a clip of <paramref name="height"/> x <paramref name="width"/> with at least
    /// <paramref name="pairs"/> raw pairs (the file's first pairs are used).</summary>
    /// <returns>(1, pairs, 2, H, W)</returns>
    public static Tensor LoadFlowFor(string path, int pairs, long height, long width, Device device)
    {
        using var scope = NewDisposeScope();
        var flow = LoadFlow(path, device);
        if (flow.size(3) != height || flow.size(4) != width)
            throw new UsageException($"--flow {path}: its frames are {flow.size(4)}x{flow.size(3)} but the clip's are {width}x{height}; give flow of the clip's size, or --video with flow of the video's own size");
        if (flow.size(1) < pairs)
            throw new UsageException($"--flow {path}: holds {flow.size(1)} frame pairs, the clip needs {pairs}");
        return scope.MoveToOuter(flow.narrow(1, 0, pairs).contiguous());
    }

    private static string Shape(long[] shape) => "(" + string.Join(", ", shape) + ")";

    private static Tensor Load(string path, string option)
    {
        if (!File.Exists(path)) throw new UsageException($"--{option}: file '{path}' does not exist");
        return Npy.Load(path);
    }

    /// <summary>
    /// One clip decoded from a video: <paramref name="grid"/>.Frames frames every <paramref name="stride"/> raw frames
    /// from <paramref name="start"/>, the short side resized to the grid and centre-cropped square, with every raw frame
    /// (and the raw-rate flow, as many pairs as the target needs, past the span when its trajectories run on) when the
    /// target asks for them. A video that decodes fewer frames than that is an error naming the file and both counts
    /// (a truncated file would otherwise give repeated frames and zero motion). The flow is computed, or read from
    /// <paramref name="flowPath"/> (flow of the whole video at its own size, as `kit flow` writes it) and cropped and
    /// rescaled with the frames.
    /// </summary>
    public static ClipBatch FromVideo(string path, TokenGrid grid, int stride, int start, int flowPairs, FlowConfig flow, TargetNeeds needs, Device device, string? flowPath = null)
    {
        using var scope = NewDisposeScope();
        if (!File.Exists(path)) throw new UsageException($"--video: file '{path}' does not exist");
        var info = VideoFile.Info(path);
        var span = grid.Frames * stride;
        var rawCount = needs.HasFlag(TargetNeeds.Flow) ? Math.Max(span, flowPairs + 1) : span;
        if (start < 0) throw new UsageException($"--start must be 0 or more, got {start}");
        if (start + rawCount > info.Frames)
        {
            var claimed = VideoFile.Info(path, exact: false).Frames;
            var truncated = claimed > info.Frames ? $" although its container claims {claimed} (the file is truncated or corrupt)" : "";
            var why = rawCount > span ? $"{grid.Frames} frames x stride {stride} plus {rawCount - span} for the target's flow" : $"{grid.Frames} frames x stride {stride}";
            throw new InvalidDataException($"video '{path}' decodes {info.Frames} frames{truncated}, but the clip needs frames {start}..{start + rawCount - 1} ({rawCount} = {why}): "
                + "use fewer --frames, a smaller --stride or --start, or a longer video");
        }
        var indices = Enumerable.Range(start, rawCount).Select(i => (long)i).ToList();
        var decoded = VideoFile.Read(path, indices);                                  // (T, H, W, 3) uint8
        var geometry = SpatialAugment.Test((int)decoded.size(1), (int)decoded.size(2), new AugmentConfig(Size: grid.Height, Mode: CropMode.Test))[0];
        var frames = geometry.ApplyToFrames(decoded);                                 // (3, T, S, S) float 0..1
        var clip = frames.narrow(1, 0, span).slice(1, 0, span, stride).unsqueeze(0);
        Tensor? raw = needs == TargetNeeds.None ? null : frames.unsqueeze(0);
        Tensor? flowField = null;
        if (needs.HasFlag(TargetNeeds.Flow))
        {
            if (flowPath is not null)
            {
                // Flow of the whole video at its own size (F, 2, H, W): only the clip's pairs are read from disk.
                if (!File.Exists(flowPath)) throw new UsageException($"--flow: file '{flowPath}' does not exist");
                var (_, shape) = Npy.Describe(flowPath);
                if (shape.Length != 4 || shape[1] != 2)
                    throw new UsageException($"--flow {flowPath}: expected a (F, 2, H, W) array (./kit flow writes one), got shape {Shape(shape)}");
                if (shape[2] != info.Height || shape[3] != info.Width)
                    throw new UsageException($"--flow {flowPath}: its frames are {shape[3]}x{shape[2]} but the video's are {info.Width}x{info.Height}: with --video give flow of the whole video at its own size (./kit flow --video {path})");
                if (shape[0] < start + rawCount - 1)
                    throw new UsageException($"--flow {flowPath}: holds {shape[0]} frame pairs, the clip needs pairs {start}..{start + rawCount - 2}");
                flowField = geometry.ApplyToFlow(Npy.LoadRows(flowPath, start, rawCount - 1).to(float32)).unsqueeze(0);
            }
            else
            {
                var pixels = (frames * 255).round().clamp(0, 255).to(uint8).permute(1, 2, 3, 0).contiguous();   // (T, S, S, 3)
                flowField = OpticalFlow.Compute(pixels, flow).Flow.unsqueeze(0);
            }
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
        if (text is not null)
        {
            JsonNode? parsed;
            try { parsed = JsonNode.Parse(text); }
            catch (JsonException e) { throw new UsageException($"--params is not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd(' ', '|')}): {text}"); }
            p = parsed as JsonObject ?? throw new UsageException($"--params must be a JSON object such as '{{\"Ratio\": 0.75}}', got {text}");
        }
        if (withRatio && args.Get("ratio") is not null)
        {
            p ??= new JsonObject();
            p["Ratio"] = args.Double("ratio", 0);
        }
        return p;
    }
}
