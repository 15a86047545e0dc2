using System.Collections.Concurrent;
using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// Computes each training batch's target on one background thread while the trainer works on the batch before it, so
/// on a CPU with a spare core the target costs the step almost nothing (measured by `./kit bench targets`). Targets are
/// deterministic functions of their batch (no random draws), so the numbers are the same as computing them in the step;
/// masks stay in the step because they draw from the run's random generator. Batches are computed one at a time, in
/// order, each on the batch's own device.
/// </summary>
public sealed class TargetPrefetch : IDisposable
{
    private sealed class Job(ClipBatch batch)
    {
        public ClipBatch Batch { get; } = batch;
        public TaskCompletionSource<IReadOnlyList<TargetPart>> Parts { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ITarget target;
    private readonly TokenGrid grid;
    private readonly int threads;
    private readonly BlockingCollection<Job> queue = new();
    private readonly ConcurrentDictionary<ClipBatch, Job> jobs = new(ReferenceEqualityComparer.Instance);
    private readonly Thread worker;

    /// <param name="threads">libtorch threads of the worker (0: libtorch's default for a new thread).</param>
    public TargetPrefetch(ITarget target, TokenGrid grid, int threads = 1)
    {
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), $"threads must be 0 (libtorch's default) or positive, got {threads}");
        this.target = target;
        this.grid = grid;
        this.threads = threads;
        worker = new Thread(Work) { IsBackground = true, Name = $"target {target.Name}" };
        worker.Start();
    }

    /// <summary>Managed thread id of the worker (tests check the target ran there).</summary>
    public int WorkerThreadId => worker.ManagedThreadId;

    /// <summary>Queues <paramref name="batch"/>'s target; <see cref="Take"/> collects it.</summary>
    public void Start(ClipBatch batch)
    {
        var job = new Job(batch);
        if (!jobs.TryAdd(batch, job)) throw new InvalidOperationException("this batch's target was already queued");
        queue.Add(job);
    }

    /// <summary>
    /// The target of a queued batch, waiting for it if needed (the caller owns the parts); null when the batch was not
    /// queued. A failure of the target surfaces here, on the caller's thread.
    /// </summary>
    public IReadOnlyList<TargetPart>? Take(ClipBatch batch)
    {
        if (!jobs.TryRemove(batch, out var job)) return null;
        return job.Parts.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Yields the batches in order, each after queueing the next one's target, so the worker computes batch k+1 while
    /// the caller trains on batch k. Stopping early drops the batch fetched ahead (and its target).
    /// </summary>
    public IEnumerable<ClipBatch> Ahead(IEnumerable<ClipBatch> batches)
    {
        ClipBatch? ahead = null;
        using var it = batches.GetEnumerator();
        try
        {
            if (!it.MoveNext()) yield break;
            ahead = it.Current;
            Start(ahead);
            while (ahead is not null)
            {
                var current = ahead;
                ahead = null;
                if (it.MoveNext())
                {
                    ahead = it.Current;
                    Start(ahead);
                }
                yield return current;
            }
        }
        finally
        {
            if (ahead is not null) Drop(ahead);
        }
    }

    /// <summary>Forgets a queued batch: waits for its target, frees it and the batch.</summary>
    private void Drop(ClipBatch batch)
    {
        try
        {
            if (Take(batch) is { } parts) foreach (var p in parts) p.Dispose();
        }
        catch (Exception)
        {
            // Nobody asked for this target; its failure would have surfaced on the batch that needed it.
        }
        batch.Dispose();
    }

    private void Work()
    {
        if (threads > 0) set_num_threads(threads);
        foreach (var job in queue.GetConsumingEnumerable())
        {
            try
            {
                using var scope = NewDisposeScope();
                var parts = target.Compute(job.Batch, grid);
                foreach (var p in parts)
                {
                    p.Values.DetachFromDisposeScope();
                    p.Valid?.DetachFromDisposeScope();
                    p.FeatureValid?.DetachFromDisposeScope();
                }
                job.Parts.SetResult(parts);
            }
            catch (Exception e)
            {
                job.Parts.SetException(e);
            }
        }
    }

    /// <summary>Stops the worker after the queued targets; targets nobody took are freed.</summary>
    public void Dispose()
    {
        queue.CompleteAdding();
        worker.Join();
        foreach (var batch in jobs.Keys.ToList())
        {
            try
            {
                if (Take(batch) is { } parts) foreach (var p in parts) p.Dispose();
            }
            catch (Exception)
            {
                // A failed target that nobody took: nothing to free.
            }
        }
        queue.Dispose();
    }
}

/// <summary>A clip source whose training epochs run through a <see cref="TargetPrefetch"/>; evaluation passes through.</summary>
public sealed class PrefetchingClipSource(IClipSource inner, TargetPrefetch prefetch) : IClipSource
{
    public int Classes => inner.Classes;

    public int BatchesPerEpoch(int batchSize) => inner.BatchesPerEpoch(batchSize);

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0) => prefetch.Ahead(inner.Epoch(epoch, batchSize, skip));

    public IEnumerable<ClipBatch> Evaluation(int batchSize) => inner.Evaluation(batchSize);

    /// <summary>The inner source belongs to whoever made it.</summary>
    public void Dispose()
    {
    }
}
