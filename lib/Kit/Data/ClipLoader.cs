using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data;

/// <summary>
/// Batches of clips prepared by background workers, handed out in order. Deterministic given the seed: item order is
/// a seeded shuffle per epoch and each item's clip and crop come from a generator seeded by (seed, epoch, position),
/// so the batches do not depend on how many workers run or which finishes first.
/// <code>
/// foreach (var batch in loader.Epoch(e)) { using (batch) { ... } }   // the consumer disposes each batch
/// </code>
/// </summary>
public sealed class ClipLoader
{
    public ClipLoader(VideoDataset dataset, LoaderConfig config)
    {
        Dataset = dataset;
        Config = config.Validate();
        if (dataset.Count == 0) throw new ArgumentException("loader: the dataset is empty");
    }

    public VideoDataset Dataset { get; }
    public LoaderConfig Config { get; }

    public int BatchesPerEpoch => Config.DropLast ? Dataset.Count / Config.BatchSize : (Dataset.Count + Config.BatchSize - 1) / Config.BatchSize;

    /// <summary>Item order of an epoch.</summary>
    public int[] Order(int epoch) =>
        Config.Shuffle ? SeededRandom.For(Config.Seed ^ OrderStream, (ulong)epoch).Permutation(Dataset.Count) : Enumerable.Range(0, Dataset.Count).ToArray();

    // Separate streams for the epoch order and the per-item draws, so no item's generator repeats the shuffle's.
    private const ulong OrderStream = 0x0DDE5EEDUL;
    private const ulong ItemStream = 0x17E55EEDUL;

    /// <summary>The batches of one epoch. Abandoning the enumeration early waits for in-flight batches and frees them.</summary>
    public IEnumerable<ClipBatch> Epoch(int epoch)
    {
        var order = Order(epoch);
        var batches = BatchesPerEpoch;
        if (Config.Workers == 0)
        {
            for (var b = 0; b < batches; b++) yield return Build(order, epoch, b);
            yield break;
        }
        using var gate = new SemaphoreSlim(Config.Workers);
        var pending = new Queue<Task<ClipBatch>>();
        var next = 0;
        try
        {
            for (var b = 0; b < batches; b++)
            {
                while (next < batches && pending.Count < Config.Prefetch)
                {
                    var index = next++;
                    pending.Enqueue(Task.Run(async () =>
                    {
                        await gate.WaitAsync().ConfigureAwait(false);
                        try { return Build(order, epoch, index); }
                        finally { gate.Release(); }
                    }));
                }
                yield return pending.Dequeue().GetAwaiter().GetResult();
            }
        }
        finally
        {
            foreach (var t in pending)
            {
                try { t.GetAwaiter().GetResult().Dispose(); }
                catch (Exception) when (t.IsFaulted)
                {
                    // The consumer stopped (or another batch failed first); this batch's error has no one to go to.
                }
            }
        }
    }

    /// <summary>Batch <paramref name="b"/> of an epoch, built on the calling thread. Its tensors belong to no scope.</summary>
    public ClipBatch Build(int[] order, int epoch, int b)
    {
        var start = b * Config.BatchSize;
        var count = Math.Min(Config.BatchSize, order.Length - start);
        var samples = new List<ClipSample>(count);
        try
        {
            using var scope = NewDisposeScope();
            for (var k = 0; k < count; k++)
            {
                var position = start + k;
                var rng = SeededRandom.For(Config.Seed ^ ItemStream, ((ulong)epoch << 32) | (uint)position);
                samples.Add(Dataset.Get(order[position], rng));
            }
            var clip = stack(samples.Select(s => s.Clip).ToList());
            var raw = samples[0].RawClip != null ? stack(samples.Select(s => s.RawClip!).ToList()) : null;
            var flow = samples[0].Flow != null ? stack(samples.Select(s => s.Flow!).ToList()) : null;
            var labels = tensor(samples.Select(s => s.Label).ToArray());
            return new ClipBatch(clip.DetachFromDisposeScope(), raw?.DetachFromDisposeScope(), flow?.DetachFromDisposeScope(),
                labels.DetachFromDisposeScope(), Dataset.Config.Sampling.BatchStride)
            {
                VideoIndices = samples.Select(s => s.VideoIndex).ToArray(),
            };
        }
        finally
        {
            foreach (var s in samples) s.Dispose();
        }
    }
}
