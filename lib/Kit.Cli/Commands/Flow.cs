using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>`kit flow --video PATH --method tvl1|farneback|dis [--compensate] [--stride S] [--bound B] --out FILE.npy`</summary>
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
        ],
        ["./kit flow --video /usr/share/doc/opencv-doc/examples/data/vtest.avi --method farneback --out vtest-flow.npy"]);

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
        args.RejectUnknown();
        if (!output.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--out must name a .npy file, got '{output}'");
        try { config.Validate(); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }

        using var scope = NewDisposeScope();
        var info = VideoFile.Info(video);
        var n = maxFrames > 0 ? Math.Min(maxFrames, info.Frames) : info.Frames;
        var frames = VideoFile.Read(video, Enumerable.Range(0, n).Select(i => (long)i).ToArray());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var result = OpticalFlow.Compute(frames, config);
        var seconds = watch.Elapsed.TotalSeconds;
        Npy.Save(output, result.Flow);
        var shape = "(" + string.Join(", ", result.Flow.shape) + ")";
        Console.WriteLine($"{output}: {shape} float32, {config.Method}{(config.Compensate ? " compensated" : "")}, {result.Flow.size(0) / seconds:F1} pairs/s");
        if (result.Inliers is { } inl)
        {
            var counts = inl.ToArray<long>();
            Console.WriteLine($"camera compensation: {counts.Count(c => c >= 0)}/{counts.Length} pairs, median inliers {counts.Order().ElementAt(counts.Length / 2)}");
        }
        return 0;
    }

    private static FlowMethod ParseMethod(string s)
    {
        try { return FlowConfig.ParseMethod(s); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
    }
}
