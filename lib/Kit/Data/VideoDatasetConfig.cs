using Kit.Targets;

namespace Kit.Data;

/// <summary>Everything that turns a manifest into clips; saved with results.</summary>
/// <param name="Sampling">temporal sampling.</param>
/// <param name="Augment">spatial augmentation.</param>
/// <param name="Train">true: random clips and crops; false: every test view (clips x crops) of every video.</param>
/// <param name="Needs">extras to load: raw-rate frames and/or flow (from the target's and mask's TargetNeeds).</param>
/// <param name="Flow">how flow is computed when Needs has Flow (its Stride must be 1: the batch carries raw-rate flow).</param>
/// <param name="FlowCacheDir">where whole-video flow is cached (null = compute each clip's flow afresh, slow).</param>
/// <param name="FlowStorage">cache precision.</param>
/// <param name="ExtraFlowFrames">raw frames past the clip's span that the batch also carries, with their flow
/// (trajectories of the last cube run L steps from its first raw frame, past the clip's end); frames past the video's
/// end repeat its last frame (zero flow). RawClip then has T*Stride + ExtraFlowFrames frames and Flow one pair fewer;
/// Clip is unchanged.</param>
public sealed record VideoDatasetConfig(
    SamplingConfig Sampling,
    AugmentConfig Augment,
    bool Train = true,
    TargetNeeds Needs = TargetNeeds.None,
    FlowConfig? Flow = null,
    string? FlowCacheDir = null,
    FlowStorage FlowStorage = FlowStorage.Half,
    int ExtraFlowFrames = 0)
{
    public FlowConfig FlowSettings => Flow ?? new FlowConfig();

    public VideoDatasetConfig Validate()
    {
        Sampling.Validate();
        Augment.Validate();
        if (Needs != TargetNeeds.None && Sampling.Mode == SamplingMode.Segment)
            throw new ArgumentException("dataset: raw frames and flow need evenly strided clips; segment sampling picks uneven frames (use random or uniform sampling)");
        if (ExtraFlowFrames < 0) throw new ArgumentException($"dataset: extra flow frames must be >= 0, got {ExtraFlowFrames}");
        if (Needs.HasFlag(TargetNeeds.Flow) && FlowSettings.Validate().Stride != 1)
            throw new ArgumentException($"dataset: the batch carries flow between consecutive raw frames, so the flow stride must be 1, got {FlowSettings.Stride}");
        return this;
    }
}
