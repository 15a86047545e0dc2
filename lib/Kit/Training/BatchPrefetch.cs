using System.Collections.Concurrent;
using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>What <see cref="BatchPrefetch"/> computed for one batch; the taker owns it.</summary>
/// <param name="Parts">the target.</param>
/// <param name="Mask">the mask's random-free preparation (<see cref="IMaskGenerator.Prepare"/>), or null.</param>
public sealed record PreparedBatch(IReadOnlyList<TargetPart> Parts, IDisposable? Mask) : IDisposable
{
    public void Dispose()
    {
        foreach (var p in Parts) p.Dispose();
        Mask?.Dispose();
    }
}

/// <summary>
/// Computes each training batch's target, and the random-free part of its mask (MGMAE's flows), on one background
/// thread while the trainer works on the batch before it, so on a CPU with a spare core they cost the step little
/// (measured by `./kit bench targets`). Both are deterministic functions of their batch (no random draws), so the
/// numbers are the same as computing them in the step; the mask's random draws stay in the step, in the run's order.
/// Batches are computed one at a time, in order, each on the batch's own device.
/// </summary>
public sealed class BatchPrefetch : IDisposable
{
    private sealed class Job(ClipBatch batch)
    {
        public ClipBatch Batch { get; } = batch;
        public TaskCompletionSource<PreparedBatch> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ITarget? target;
    private readonly IMaskGenerator? mask;
    private readonly TokenGrid grid;
    private readonly int threads;
    private readonly BlockingCollection<Job> queue = new();
    private readonly ConcurrentDictionary<ClipBatch, Job> jobs = new(ReferenceEqualityComparer.Instance);
    private readonly Thread worker;

    /// <param name="threads">libtorch threads of the worker (0: libtorch's default for a new thread).</param>
    /// <param name="target">the target computed ahead (null: none; the parts are then empty).</param>
    /// <param name="mask">the mask whose <see cref="IMaskGenerator.Prepare"/> runs ahead too (null: none).</param>
    public BatchPrefetch(ITarget? target, TokenGrid grid, IMaskGenerator? mask = null, int threads = 1)
    {
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), $"threads must be 0 (libtorch's default) or positive, got {threads}");
        this.target = target;
        this.mask = mask;
        this.grid = grid;
        this.threads = threads;
        worker = new Thread(Work) { IsBackground = true, Name = $"prefetch {target?.Name} {mask?.Name}" };
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
    /// What was computed for a queued batch, waiting for it if needed (the caller owns it); null when the batch was not
    /// queued. A failure of the target or the mask's preparation surfaces here, on the caller's thread.
    /// </summary>
    public PreparedBatch? Take(ClipBatch batch)
    {
        if (!jobs.TryRemove(batch, out var job)) return null;
        return job.Result.Task.GetAwaiter().GetResult();
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
            Take(batch)?.Dispose();
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
            IReadOnlyList<TargetPart>? parts = null;
            try
            {
                using (var scope = NewDisposeScope())
                {
                    parts = target?.Compute(job.Batch, grid) ?? [];
                    foreach (var p in parts)
                    {
                        p.Values.DetachFromDisposeScope();
                        p.Valid?.DetachFromDisposeScope();
                        p.FeatureValid?.DetachFromDisposeScope();
                    }
                }
                // No scope is open on this thread here, so what Prepare returns belongs to no scope (ours to hand over);
                // a mask's Prepare frees its own intermediates (the IMaskGenerator contract for results returned).
                var prepared = mask?.Prepare(job.Batch, grid);
                job.Result.SetResult(new PreparedBatch(parts, prepared));
            }
            catch (Exception e)
            {
                if (parts is not null) foreach (var p in parts) p.Dispose();
                job.Result.SetException(e);
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
                Take(batch)?.Dispose();
            }
            catch (Exception)
            {
                // A failed target that nobody took: nothing to free.
            }
        }
        queue.Dispose();
    }
}

/// <summary>A clip source whose training epochs run through a <see cref="BatchPrefetch"/>; evaluation passes through.</summary>
public sealed class PrefetchingClipSource(IClipSource inner, BatchPrefetch prefetch) : IClipSource
{
    public int Classes => inner.Classes;

    public int BatchesPerEpoch(int batchSize) => inner.BatchesPerEpoch(batchSize);

    public bool Unlimited => inner.Unlimited;

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0) => prefetch.Ahead(inner.Epoch(epoch, batchSize, skip));

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip, int stride) => prefetch.Ahead(inner.Epoch(epoch, batchSize, skip, stride));

    public IEnumerable<ClipBatch> Evaluation(int batchSize) => inner.Evaluation(batchSize);

    /// <summary>The inner source belongs to whoever made it.</summary>
    public void Dispose()
    {
    }
}
