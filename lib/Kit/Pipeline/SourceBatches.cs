using Kit.Data;
using Kit.Torch;

namespace Kit.Pipeline;

/// <summary>How clip sources hand batches to trainers: built ahead on background threads, in order, moved to the device.</summary>
public static class SourceBatches
{
    /// <summary>Builds batches up to <paramref name="workers"/> ahead on background threads (0 = on the caller's thread),
    /// yields them in order on <paramref name="device"/>, and disposes those built but not taken when the consumer stops.</summary>
    public static IEnumerable<ClipBatch> Prefetched(int workers, Device device, IEnumerable<Func<ClipBatch>> builders)
    {
        var pending = new Queue<Task<ClipBatch>>();
        using var it = builders.GetEnumerator();
        var more = true;
        try
        {
            while (true)
            {
                while (more && pending.Count <= workers)
                {
                    more = it.MoveNext();
                    if (!more) break;
                    var build = it.Current;
                    pending.Enqueue(workers == 0 ? Task.FromResult(build()) : Task.Run(build));
                }
                if (pending.Count == 0) yield break;
                var batch = pending.Dequeue().GetAwaiter().GetResult();
                yield return ToDevice(batch, device);
            }
        }
        finally
        {
            foreach (var t in pending)
            {
                try { t.GetAwaiter().GetResult().Dispose(); }
                catch (Exception) when (t.IsFaulted)
                {
                    // The consumer stopped early or another batch failed first; this batch has no one to go to.
                }
            }
        }
    }

    /// <summary>The batch on <paramref name="device"/> (the same batch when it is the CPU).</summary>
    public static ClipBatch ToDevice(ClipBatch b, Device device)
    {
        if (device.Type == DeviceType.CPU) return b;
        using (b)
        {
            return new ClipBatch(b.Clip.to(device).DetachFromDisposeScope(), b.RawClip?.to(device).DetachFromDisposeScope(),
                b.Flow?.to(device).DetachFromDisposeScope(), b.Labels?.to(device).DetachFromDisposeScope(), b.Stride)
            { VideoIndices = b.VideoIndices };
        }
    }
}
