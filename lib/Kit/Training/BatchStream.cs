using Kit.Data;

namespace Kit.Training;

/// <summary>
/// An endless sequence of training micro-batches across epochs, starting at any global micro-batch index (so a resumed
/// run continues with the batch the interrupted run would have taken next). With a <paramref name="stride"/> of W it
/// yields every W-th global index from the start (a data-parallel rank's micro-batches: r, r + W, r + 2W, ...), asking
/// the source for only those. <see cref="At"/> checks (or jumps to) a global index; a jump reopens the source's epoch.
/// </summary>
public sealed class BatchStream(IClipSource source, int batchSize, long startMicroBatch, int stride = 1) : IDisposable
{
    private readonly int perEpoch = source.BatchesPerEpoch(batchSize) is > 0 and var n ? n : throw new ArgumentException($"the data source yields no full batch of {batchSize} clips; lower batchSize or add data");
    private readonly int stride = stride >= 1 ? stride : throw new ArgumentOutOfRangeException(nameof(stride), $"stride must be at least 1, got {stride}");
    private long next = startMicroBatch;
    private long epoch = -1;
    private IEnumerator<ClipBatch>? current;

    /// <summary>The next batch; the caller disposes it.</summary>
    public ClipBatch Next()
    {
        var e = next / perEpoch;
        if (current is null || e != epoch)
        {
            current?.Dispose();
            epoch = e;
            current = source.Epoch((int)e, batchSize, (int)(next % perEpoch), stride).GetEnumerator();
        }
        if (!current.MoveNext()) throw new InvalidOperationException($"the data source ended epoch {e} before its {perEpoch} batches");
        next += stride;
        return current.Current;
    }

    /// <summary>The batch at global micro-batch index <paramref name="index"/>; the caller disposes it.</summary>
    public ClipBatch At(long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), $"micro-batch index must be >= 0, got {index}");
        if (index != next)
        {
            current?.Dispose();
            current = null;
            next = index;
        }
        return Next();
    }

    public void Dispose() => current?.Dispose();
}
