using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>`kit flow --video PATH --method tvl1|farneback|dis [--compensate] [--stride S] [--bound B] [--chunk N] --out FILE.npy`:
/// streams the flow of a video of any length to disk in chunks of frame pairs.</summary>
public sealed class Flow : ICommand
{
    public string Name => "flow";
    public string Summary => "dense optical flow of a video (TV-L1, Farneback or DIS, optionally camera-compensated) to a (T-s, 2, H, W) float32 .npy";

    public CommandHelp Help => new(
        "--video PATH --out FILE.npy [--method tvl1|farneback|dis] [--stride S] [--bound B] [--compensate] [--max-frames N]",
        [
            new("video", "PATH", null, "the video", Sample: "v.avi"),
            new("out", "FILE.npy", null, "(T - stride, 2, H, W) float32 pixels, (dx, dy) from frame i to i + stride", Sample: "f.npy"),
            new("method", "tvl1|farneback|dis", "tvl1", "flow estimator (TV-L1 is the papers'; Farneback and DIS are faster)"),
            new("stride", "S", "1", "frames between the two images of a pair"),
            new("bound", "B", "20", "clamp to +-B pixels (MME: 20)"),
            new("compensate", null, null, "remove camera motion (feature matches + RANSAC homography) first"),
            new("feature", "orb|akaze", "orb", "features for --compensate"),
            new("max-frames", "N", "all", "only the first N frames", Sample: "10"),
            new("chunk", "N", $"{FlowChunkFrames}", "frame pairs decoded and processed at once (bounds memory)"),
        ],
        ["./kit flow --video /usr/share/doc/opencv-doc/examples/data/vtest.avi --method farneback --out vtest-flow.npy"],
        "Decodes the video a chunk of frames at a time and appends each chunk's flow to the .npy, so memory stays bounded whatever the video's length (the file can pass 2 GB); the file appears only when complete.");

    public int Run(Args args)
    {
        var video = args.Require("video");
        var output = args.Require("out");
        var config = new FlowConfig(
            Method: ParseMethod(args.String("method", "tvl1")),
            Stride: args.Int("stride", 1),
            Bound: args.Double("bound", 20),
            Compensate: args.Flag("compensate"),
            Feature: args.String("feature", "orb").ToLowerInvariant() switch
            {
                "orb" => FlowFeature.Orb,
                "akaze" => FlowFeature.Akaze,
                var f => throw new UsageException($"--feature expects orb or akaze, got '{f}'"),
            });
        var maxFrames = args.Int("max-frames", 0);
        var chunk = args.Int("chunk", FlowChunkFrames);
        args.RejectUnknown();
        if (!output.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--out must name a .npy file, got '{output}'");
        if (chunk < 1) throw new UsageException($"--chunk must be at least 1, got {chunk}");
        if (maxFrames < 0) throw new UsageException($"--max-frames must be 0 (all) or positive, got {maxFrames}");
        try { config.Validate(); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        if (!File.Exists(video)) throw new UsageException($"--video: file '{video}' does not exist");

        var info = VideoFile.Info(video);
        var n = maxFrames > 0 ? Math.Min(maxFrames, info.Frames) : info.Frames;
        var pairs = n - config.Stride;
        if (pairs < 1) throw new InvalidDataException($"video '{video}' decodes {n} frames; flow at stride {config.Stride} needs at least {config.Stride + 1}");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var inliers = new List<long>();
        using (var writer = new NpyWriter(output, ScalarType.Float32, [pairs, 2, info.Height, info.Width]))
        {
            Console.Error.WriteLine($"flow: {pairs} pairs of {info.Width}x{info.Height} frames ({FormatBytes(4L * pairs * 2 * info.Height * info.Width)}), {chunk} pairs at a time");
            var lastReport = System.Diagnostics.Stopwatch.StartNew();
            for (var first = 0; first < pairs; first += chunk)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(chunk, pairs - first);
                var frames = VideoFile.Read(video, Enumerable.Range(first, count + config.Stride).Select(i => (long)i).ToArray());
                using var result = OpticalFlow.Compute(frames, config);
                writer.Append(result.Flow);
                if (result.Inliers is { } inl) inliers.AddRange(inl.ToArray<long>());
                if (lastReport.Elapsed.TotalSeconds >= 5 || first + count == pairs)
                {
                    var done = first + count;
                    var eta = watch.Elapsed.TotalSeconds / done * (pairs - done);
                    Console.Error.WriteLine($"flow: {done}/{pairs} pairs, {watch.Elapsed.TotalSeconds:F0} s, about {eta:F0} s left");
                    lastReport.Restart();
                }
            }
            writer.Complete();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{output}: ({pairs}, 2, {info.Height}, {info.Width}) float32, {config.Method}{(config.Compensate ? " compensated" : "")}, {pairs / seconds:F1} pairs/s");
        if (config.Compensate && inliers.Count > 0)
            Console.WriteLine($"camera compensation: {inliers.Count(c => c >= 0)}/{inliers.Count} pairs, median inliers {inliers.Order().ElementAt(inliers.Count / 2)}");
        return 0;
    }

    /// <summary>Frame pairs decoded and processed at once: bounds memory (32 pairs of 768x576: about 160 MB).</summary>
    public const int FlowChunkFrames = 32;

    private static string FormatBytes(long b) => b >= 1L << 30 ? $"{b / (double)(1L << 30):F2} GB" : $"{b / (double)(1 << 20):F0} MB";

    private static FlowMethod ParseMethod(string s)
    {
        try { return FlowConfig.ParseMethod(s); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
    }
}
