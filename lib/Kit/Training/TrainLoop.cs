using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Torch;
using Kit.Torch.Optim;
using Kit.Training.Distributed;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>What a training loop run reached. <paramref name="Seconds"/>: training time, the earlier runs of a resumed
/// folder included.</summary>
public sealed record TrainResult(int Step, bool Cancelled, double LastLoss, double Seconds, IReadOnlyList<TrainProgress> Log);

/// <summary>Settings shared by pre-training, fine-tuning and linear probing.</summary>
/// <param name="Accumulation">micro-batches per optimiser step over all processes (the global batch is BatchSize x
/// Accumulation); in a data-parallel job each rank runs Accumulation / WorldSize of them.</param>
/// <param name="Precision">fp32 (default), tf32, bf16 or fp16 (see <see cref="Training.Precision"/>).</param>
/// <param name="Seed">seeds each micro-batch's random draws (masks, dropout, mixup) from (Seed, micro-batch index).</param>
public sealed record LoopSettings(string Phase, int Steps, int BatchSize, int Accumulation, double? ClipGrad, int CheckpointEvery, int LogEvery, LrSchedule Schedule,
    Precision? Precision = null, ulong Seed = 0);

/// <summary>
/// The optimisation loop every trainer shares, knowing nothing of models, targets or masks: per-iteration lr from the
/// schedule (times each group's lr_scale), gradient accumulation, a finiteness check of every micro-batch loss before
/// its update, optional clipping, progress events, metrics.jsonl, atomic checkpoints every N steps and at the end, exact
/// resume, and cancellation that leaves a resumable checkpoint.
/// Precision: the forward pass runs under the precision's autocast (bf16/fp16), the loss and everything after it in
/// float32; fp16 scales the loss (<see cref="GradScaler"/>) and skips steps whose gradients overflow.
/// Randomness: before each micro-batch the generator is seeded from (seed, global micro-batch index), so a micro-batch's
/// mask, dropout and mixup draws are the same whichever process runs it, and on resume.
/// Data parallel (a <see cref="ProcessGroup"/>, by default <see cref="ProcessGroup.Default"/>): rank r runs the
/// micro-batches r, r + W, r + 2W, ... of each step's global batch, gradients are averaged over ranks in buckets whose
/// all-reduces start during the step's last backward pass (<see cref="GradientReducer"/>), losses too; every rank reads the checkpoint to resume (any world
/// size that divides the accumulation), and only rank 0 writes checkpoints and metrics.
/// </summary>
public sealed class TrainLoop(LoopSettings settings, nn.Module model, Optimizer optimizer, IClipSource source, RunFiles files, JsonObject config, ProcessGroup? group = null)
{
    /// <summary>One micro-batch: returns the loss (0-d, graph attached) and named parts to log (0-d).</summary>
    public delegate (Tensor Loss, IReadOnlyDictionary<string, Tensor> Parts) Forward(ClipBatch batch, int step);

    private readonly ProcessGroup? pg = group ?? ProcessGroup.Default;

    /// <summary>The fp16 loss scaler of the last <see cref="Run"/> (null in other precisions).</summary>
    public GradScaler? Scaler { get; private set; }

    public TrainResult Run(Forward forward, bool resume, CancellationToken cancel = default, IProgress<TrainProgress>? progress = null)
    {
        var world = pg?.WorldSize ?? 1;
        if (settings.Accumulation % world != 0)
            throw new ArgumentException($"{settings.Phase}: the global batch of {settings.Accumulation} micro-batches x {settings.BatchSize} clips does not split over {world} processes; " +
                                        $"set optim.accumulation to a multiple of {world} (e.g. --set optim.accumulation={world} with batchSize {Math.Max(1, settings.BatchSize / world)} keeps about the same clips per step)");
        var precision = settings.Precision ?? Precision.Fp32;
        var trainable = optimizer.param_groups.SelectMany(g => g.Parameters).ToList();
        var device = trainable[0].device;
        precision.Validate(device);
        Scaler = precision.NeedsScaler ? new GradScaler() : null;
        using var matmul = precision.Matmul();
        var main = pg is null || pg.IsMain;

        var start = 0;
        var priorSeconds = 0.0;
        if (resume && File.Exists(files.Checkpoint))
        {
            priorSeconds = files.PriorSeconds();
            using var ck = Checkpoint.Load(files.Checkpoint);
            if (ck.Kind != settings.Phase) throw new InvalidOperationException($"'{files.Checkpoint}' is a {ck.Kind} checkpoint; cannot resume {settings.Phase} from it");
            ck.Restore(model, optimizer);
            start = ck.Step;
            if (main) files.TruncateMetrics(start);
        }
        else if (main && File.Exists(files.Metrics)) File.Delete(files.Metrics);
        // Every rank starts from rank 0's weights (they are equal when all seeded alike; this makes it so regardless).
        if (pg is not null) pg.Broadcast(model.state_dict().Values.ToList());

        var log = new List<TrainProgress>();
        var clock = Stopwatch.StartNew();
        var lastLoss = double.NaN;
        string? lastCheckpoint = File.Exists(files.Checkpoint) && start > 0 ? files.Checkpoint : null;
        // Rank r's micro-batches over the whole run are the global indices r, r + W, r + 2W, ... (W divides the
        // accumulation), so its stream never jumps.
        using var stream = new BatchStream(source, settings.BatchSize, (long)start * settings.Accumulation + (pg?.Rank ?? 0), world);
        using var reducer = pg is null ? null : new GradientReducer(pg, trainable);
        model.train();
        var step = start;
        var stop = false;
        while (step < settings.Steps && !stop)
        {
            if (pg is null && cancel.IsCancellationRequested) break;
            var lr = settings.Schedule.At(step);
            foreach (var g in optimizer.param_groups) g.lr = lr * g.lr_scale;
            var (loss, parts) = Accumulate(forward, stream, step, lastCheckpoint, precision, device, reducer);
            if (pg is not null)
            {
                reducer!.Finish();
                // One collective for the step's loss, its parts, and any rank's non-finite loss or cancellation, so every
                // rank takes the same decision at the same step (a rank that stopped alone would hang the others).
                (loss, parts, var bad, var cancelled) = Agree(loss, parts, cancel.IsCancellationRequested, device);
                if (bad) { optimizer.zero_grad(); throw new NonFiniteLossException(settings.Phase, step, loss, lastCheckpoint); }
                stop = cancelled;
            }
            var skip = false;
            if (Scaler is not null)
            {
                skip = Scaler.unscale_(trainable);
                Scaler.update(skip);
            }
            if (!skip)
            {
                if (settings.ClipGrad is { } max) nn.utils.clip_grad_norm_(trainable, max);
                optimizer.step();
            }
            optimizer.zero_grad();
            step++;
            lastLoss = loss;
            if (step % settings.LogEvery == 0 || step == settings.Steps)
            {
                var elapsed = clock.Elapsed.TotalSeconds;
                var done = step - start;
                var p = new TrainProgress(settings.Phase, step, settings.Steps, loss, lr, done / elapsed,
                    done * settings.BatchSize * settings.Accumulation / elapsed, elapsed, (settings.Steps - step) * elapsed / done, parts);
                log.Add(p);
                if (main)
                {
                    files.Log(p);
                    progress?.Report(p);
                }
            }
            var cancelling = stop || (pg is null && cancel.IsCancellationRequested);
            if (step % settings.CheckpointEvery == 0 || step == settings.Steps || cancelling)
            {
                if (main) Checkpoint.Save(files.Checkpoint, settings.Phase, step, config, model, optimizer);
                lastCheckpoint = files.Checkpoint;
            }
        }
        // Other ranks may resume from or read rank 0's last checkpoint only once it is written.
        pg?.Barrier();
        // A resumed run's time includes the earlier runs' (kept in summary.json), so a finished row that is only
        // reloaded reports the time its training took, not the second the reload took.
        return new TrainResult(step, step < settings.Steps, lastLoss, priorSeconds + clock.Elapsed.TotalSeconds, log);
    }

    /// <summary>The seed of global micro-batch <paramref name="index"/> (SplitMix64 of the run seed and the index, so
    /// neighbouring indices get unrelated streams).</summary>
    public static ulong MicroBatchSeed(ulong seed, long index)
    {
        var z = seed + 0x9E3779B97F4A7C15UL * (ulong)(index + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFFUL;
    }

    private (double Loss, Dictionary<string, double> Parts) Accumulate(Forward forward, BatchStream stream, int step, string? lastCheckpoint, Precision precision, Device device, GradientReducer? reducer)
    {
        var (rank, world) = (pg?.Rank ?? 0, pg?.WorldSize ?? 1);
        var local = settings.Accumulation / world;
        double total = 0;
        var parts = new Dictionary<string, double>();
        for (var micro = rank; micro < settings.Accumulation; micro += world)
        {
            var index = (long)step * settings.Accumulation + micro;
            // The step's last backward on this rank starts the gradient all-reduces as its buckets complete.
            if (micro + world >= settings.Accumulation) reducer?.Prepare();
            manual_seed(MicroBatchSeed(settings.Seed, index));
            using var scope = NewDisposeScope();
            using var batch = stream.At(index);
            Tensor loss;
            IReadOnlyDictionary<string, Tensor> named;
            using (precision.Forward(device)) (loss, named) = forward(batch, step);
            if (loss.dtype != float32) loss = loss.to(float32);
            var value = loss.item<double>();
            if (!double.IsFinite(value))
            {
                optimizer.zero_grad();
                // In a job the other ranks learn of it from the step's loss all-reduce (a NaN there) and all stop together.
                if (pg is null) throw new NonFiniteLossException(settings.Phase, step, value, lastCheckpoint);
                total = double.NaN;
                continue;
            }
            var scaled = loss / local;
            if (Scaler is not null) scaled = Scaler.scale(scaled);
            scaled.backward();
            total += value / local;
            foreach (var (k, v) in named) parts[k] = parts.GetValueOrDefault(k) + v.to(float32).item<double>() / local;
        }
        return (total, parts);
    }

    /// <summary>Averages the step's loss and parts over the ranks and ORs their non-finite and cancel flags.</summary>
    /// <param name="device">where the collective runs: NCCL takes only CUDA tensors.</param>
    private (double Loss, Dictionary<string, double> Parts, bool Bad, bool Cancelled) Agree(double loss, Dictionary<string, double> parts, bool cancelled, Device device)
    {
        var keys = parts.Keys.Order(StringComparer.Ordinal).ToList();
        var values = new List<double> { double.IsFinite(loss) ? loss : 0 };
        values.AddRange(keys.Select(k => parts[k]));
        values.Add(double.IsFinite(loss) ? 0 : 1);
        values.Add(cancelled ? 1 : 0);
        using var t = tensor(values.ToArray(), device: device);
        pg!.AllReduceMean([t]);
        var mean = t.ToArray<double>();
        var agreed = keys.Select((k, i) => (k, mean[i + 1])).ToDictionary(x => x.k, x => x.Item2);
        var bad = mean[^2] > 0;
        return (bad ? double.NaN : mean[0], agreed, bad, mean[^1] > 0);
    }
}
