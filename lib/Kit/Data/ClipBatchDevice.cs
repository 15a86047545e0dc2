using Kit.Torch;

namespace Kit.Data;

/// <summary>Moving a batch to the device the model runs on.</summary>
public static class ClipBatchDevice
{
    /// <summary>A copy of the batch on <paramref name="device"/> (the original keeps its tensors; dispose both).</summary>
    public static ClipBatch To(this ClipBatch b, Device device) =>
        new(b.Clip.to(device).DetachFromDisposeScope(), b.RawClip?.to(device).DetachFromDisposeScope(), b.Flow?.to(device).DetachFromDisposeScope(),
            b.Labels?.to(device).DetachFromDisposeScope(), b.Stride) { VideoIndices = b.VideoIndices };
}
