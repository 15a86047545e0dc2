using Kit.Data;
using Kit.Targets;
using Kit.Torch;

namespace Kit.Training;

/// <summary>Which data a trainer asks a source for.</summary>
/// <param name="Split">"train" (pre-training and fine-tuning) or "val"/"test" (evaluation).</param>
/// <param name="Needs">raw frames and flow the target and mask need (union of their Needs).</param>
/// <param name="Grid">the clip geometry: T x H x W and the token cube size.</param>
/// <param name="Seed">seed of the order and augmentation.</param>
/// <param name="Device">where the batch tensors must live.</param>
/// <param name="Views">for evaluation: clips x crops per video (1 x 1 in training).</param>
/// <param name="Labelled">whether batches must carry labels.</param>
/// <param name="Target">the target the batches feed, if any: a source asks it how many raw flow frames a clip at its
/// stride must carry (trajectories of the last cube run past the clip's span).</param>
public sealed record ClipSourceRequest(string Split, TargetNeeds Needs, TokenGrid Grid, ulong Seed, Device Device, ViewSpec Views, bool Labelled, ITarget? Target = null)
{
    /// <summary>Raw frames past a clip's span that the target needs flow for, at sampling stride <paramref name="stride"/>.</summary>
    public int ExtraFlowFrames(int stride) => Target is null ? 0 : ExtraFlowFramesFor(Target, Grid, stride);

    /// <summary>Raw frames past the span of a <paramref name="grid"/> clip at <paramref name="stride"/> that <paramref name="target"/> needs flow for.</summary>
    public static int ExtraFlowFramesFor(ITarget target, TokenGrid grid, int stride) =>
        Math.Max(0, target.FlowFramesNeeded(grid, stride) - (grid.Frames * stride - 1));
}

/// <summary>Multi-view testing: temporal clips x spatial crops per video.</summary>
public sealed record ViewSpec(int Clips = 1, int Crops = 1)
{
    public int Count => Clips * Crops;
}

/// <summary>
/// Where trainers get batches. A source must be deterministic given its request's seed, the epoch and the batch index,
/// so a resumed run sees exactly the batches the uninterrupted run would have seen.
/// </summary>
public interface IClipSource : IDisposable
{
    /// <summary>Number of classes (0 for unlabelled data).</summary>
    int Classes { get; }

    /// <summary>Full batches per epoch at this batch size (a trailing partial batch is dropped in training).</summary>
    int BatchesPerEpoch(int batchSize);

    /// <summary>Whether the training data is an unlimited stream, whose "epoch" only counts batches (a run on it is
    /// measured in steps, never in epochs).</summary>
    bool Unlimited => false;

    /// <summary>
    /// Batches of one epoch in order, starting at batch <paramref name="skip"/>. With views, a batch holds
    /// batchSize videos x views clips, video-major, and one label per clip. The caller disposes each batch.
    /// </summary>
    IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0);

    /// <summary>
    /// Every <paramref name="stride"/>-th batch of one epoch from batch <paramref name="skip"/> (skip, skip + stride, ...):
    /// a data-parallel rank's share. This default builds the batches in between and drops them; a source that builds
    /// batches by index overrides it to build only its share.
    /// </summary>
    IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip, int stride) =>
        stride == 1 ? Epoch(epoch, batchSize, skip) : EveryNth(Epoch(epoch, batchSize, skip), stride);

    private static IEnumerable<ClipBatch> EveryNth(IEnumerable<ClipBatch> batches, int stride)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"stride must be at least 1, got {stride}");
        var i = 0;
        foreach (var b in batches)
        {
            if (i++ % stride == 0) yield return b;
            else b.Dispose();
        }
    }

    /// <summary>All videos once, in a fixed order (evaluation), including a final partial batch.</summary>
    IEnumerable<ClipBatch> Evaluation(int batchSize);
}
