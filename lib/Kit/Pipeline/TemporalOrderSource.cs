using Kit.Data;
using Kit.Experiments;
using Kit.Masking;
using Kit.Training;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Pipeline;

/// <summary>
/// MME Fig. 3's probe of temporal information: pre-training clips whose frames are shuffled (one random permutation of
/// the raw frames per clip) or replaced by one repeated frame. Raw frames, the encoder's frames and the flow stay
/// consistent: the encoder sees every Stride-th frame of the reordered raw frames, and flow is re-estimated on the
/// reordered frames (zero for a repeated frame).
/// </summary>
public sealed class TemporalOrderSource(IClipSource inner, TemporalOrder order, ulong seed) : IClipSource
{
    private readonly OnlineFlow flow = new(new OnlineFlowConfig());

    public int Classes => inner.Classes;

    public int BatchesPerEpoch(int batchSize) => inner.BatchesPerEpoch(batchSize);

    public bool Unlimited => inner.Unlimited;

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0)
    {
        var index = skip;
        foreach (var batch in inner.Epoch(epoch, batchSize, skip))
        {
            using (batch) yield return Reorder(batch, epoch, index++);
        }
    }

    public IEnumerable<ClipBatch> Evaluation(int batchSize) => inner.Evaluation(batchSize);

    /// <summary>The batch with its frames reordered; deterministic in (seed, epoch, batch index).</summary>
    public ClipBatch Reorder(ClipBatch b, int epoch, int index)
    {
        using var scope = NewDisposeScope();
        var raw = b.RawClip ?? b.Clip;
        var rawStride = b.RawClip is null ? 1 : b.Stride;
        var t = raw.size(2);
        Tensor frames;
        if (order == TemporalOrder.Shuffled)
        {
            var rng = SeededRandom.For(seed ^ 0x7E3A_0F1DUL, ((ulong)epoch << 32) | (uint)index);
            var perms = Enumerable.Range(0, (int)raw.size(0)).Select(_ => rng.Permutation((int)t).Select(i => (long)i).ToArray()).ToList();
            frames = stack(perms.Select((p, i) => raw[i].index_select(1, tensor(p, device: raw.device))).ToList());
        }
        else if (order == TemporalOrder.RepeatedFrame)
        {
            frames = raw.narrow(2, 0, 1).expand(raw.size(0), raw.size(1), t, raw.size(3), raw.size(4)).contiguous();
        }
        else
        {
            throw new ArgumentException($"temporal order {order} needs no reordering");
        }
        // RawClip may run past the clip's span (extra frames for trajectories): the encoder's frames come from the span.
        var clip = b.RawClip is null ? frames : frames.narrow(2, 0, b.Clip.size(2) * rawStride).slice(2, 0, b.Clip.size(2) * rawStride, rawStride).contiguous();
        Tensor? newFlow = null;
        if (b.Flow is not null)
        {
            // (B, C, T, H, W) -> consecutive pairs (B*(T-1), C, H, W), estimated on the device.
            var from = frames.narrow(2, 0, t - 1).transpose(1, 2).flatten(0, 1);
            var to = frames.narrow(2, 1, t - 1).transpose(1, 2).flatten(0, 1);
            newFlow = order == TemporalOrder.RepeatedFrame ? zeros_like(b.Flow) : flow.Estimate(from, to).reshape(b.Flow.shape);
        }
        return new ClipBatch(clip.DetachFromDisposeScope(), b.RawClip is null ? null : frames.DetachFromDisposeScope(), newFlow?.DetachFromDisposeScope(),
            b.Labels?.clone().DetachFromDisposeScope(), b.Stride) { VideoIndices = b.VideoIndices };
    }

    public void Dispose() => inner.Dispose();
}
