using Kit.Data;

namespace Kit.Targets;

/// <summary>Which motion target MotionMAE's time head reconstructs (Table 7).</summary>
public enum MotionSource
{
    /// <summary>Temporal difference of frames.</summary>
    Difference,

    /// <summary>Optical flow of the patch.</summary>
    Flow,
}

/// <summary>Settings of MotionMAE's Frame+Motion pair.</summary>
/// <param name="Motion">temporal difference or optical flow.</param>
/// <param name="Gap">granularity of the temporal difference.</param>
/// <param name="Normalize">normalise both parts per cube and channel.</param>
public sealed record FrameMotionConfig(MotionSource Motion = MotionSource.Difference, int Gap = 1, bool Normalize = true);

/// <summary>Two parts for MotionMAE's dual-head decoder: "frame" (pixels, the space head) and "motion" (the time head).</summary>
public sealed class FrameMotionTarget : ITarget
{
    private readonly PixelTarget frame;
    private readonly ITarget motion;

    public FrameMotionTarget(FrameMotionConfig config, TargetContext context)
    {
        Config = config;
        frame = new PixelTarget(new PixelConfig(config.Normalize), context);
        motion = config.Motion switch
        {
            MotionSource.Difference => new FrameDifferenceTarget(new FrameDifferenceConfig(config.Gap, config.Normalize), context),
            MotionSource.Flow => new FlowTarget(new FlowTargetConfig(Dense: false, Normalize: config.Normalize), context),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Motion, "unknown motion source"),
        };
    }

    public FrameMotionConfig Config { get; }
    public string Name => "frame+motion";
    public IReadOnlyList<(string Name, int Dim)> Parts => [("frame", frame.Dim), ("motion", motion.Parts[0].Dim)];
    public TargetNeeds Needs => frame.Needs | motion.Needs;

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        var f = frame.Compute(batch, grid)[0];
        var m = motion.Compute(batch, grid)[0];
        return [f with { Name = "frame" }, m with { Name = "motion" }];
    }
}
