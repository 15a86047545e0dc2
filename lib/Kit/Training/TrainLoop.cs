using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Torch;
using Kit.Torch.Optim;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>What a training loop run reached.</summary>
public sealed record TrainResult(int Step, bool Cancelled, double LastLoss, double Seconds, IReadOnlyList<TrainProgress> Log);

/// <summary>Settings shared by pre-training, fine-tuning and linear probing.</summary>
public sealed record LoopSettings(string Phase, int Steps, int BatchSize, int Accumulation, double? ClipGrad, int CheckpointEvery, int LogEvery, LrSchedule Schedule);

/// <summary>
/// The optimisation loop every trainer shares, knowing nothing of models, targets or masks: per-iteration lr from the
/// schedule (times each group's lr_scale), gradient accumulation, a finiteness check of every micro-batch loss before
/// its update, optional clipping, progress events, metrics.jsonl, atomic checkpoints every N steps and at the end, exact
/// resume, and cancellation that leaves a resumable checkpoint.
/// </summary>
public sealed class TrainLoop(LoopSettings settings, nn.Module model, Optimizer optimizer, IClipSource source, RunFiles files, JsonObject config)
{
    /// <summary>One micro-batch: returns the loss (0-d, graph attached) and named parts to log (0-d).</summary>
    public delegate (Tensor Loss, IReadOnlyDictionary<string, Tensor> Parts) Forward(ClipBatch batch, int step);

    public TrainResult Run(Forward forward, bool resume, CancellationToken cancel = default, IProgress<TrainProgress>? progress = null)
    {
        var start = 0;
        if (resume && File.Exists(files.Checkpoint))
        {
            using var ck = Checkpoint.Load(files.Checkpoint);
            if (ck.Kind != settings.Phase) throw new InvalidOperationException($"'{files.Checkpoint}' is a {ck.Kind} checkpoint; cannot resume {settings.Phase} from it");
            ck.Restore(model, optimizer);
            start = ck.Step;
            files.TruncateMetrics(start);
        }
        else if (File.Exists(files.Metrics)) File.Delete(files.Metrics);

        var log = new List<TrainProgress>();
        var clock = Stopwatch.StartNew();
        var lastLoss = double.NaN;
        var trainable = optimizer.param_groups.SelectMany(g => g.Parameters).ToList();
        string? lastCheckpoint = File.Exists(files.Checkpoint) && start > 0 ? files.Checkpoint : null;
        using var stream = new BatchStream(source, settings.BatchSize, (long)start * settings.Accumulation);
        model.train();
        var step = start;
        while (step < settings.Steps)
        {
            if (cancel.IsCancellationRequested) break;
            var lr = settings.Schedule.At(step);
            foreach (var g in optimizer.param_groups) g.lr = lr * g.lr_scale;
            var (loss, parts) = Accumulate(forward, stream, step, lastCheckpoint);
            if (settings.ClipGrad is { } max) nn.utils.clip_grad_norm_(trainable, max);
            optimizer.step();
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
                files.Log(p);
                progress?.Report(p);
            }
            if (step % settings.CheckpointEvery == 0 || step == settings.Steps || cancel.IsCancellationRequested)
            {
                Checkpoint.Save(files.Checkpoint, settings.Phase, step, config, model, optimizer);
                lastCheckpoint = files.Checkpoint;
            }
        }
        return new TrainResult(step, step < settings.Steps, lastLoss, clock.Elapsed.TotalSeconds, log);
    }

    private (double Loss, Dictionary<string, double> Parts) Accumulate(Forward forward, BatchStream stream, int step, string? lastCheckpoint)
    {
        double total = 0;
        var parts = new Dictionary<string, double>();
        for (var micro = 0; micro < settings.Accumulation; micro++)
        {
            using var scope = NewDisposeScope();
            using var batch = stream.Next();
            var (loss, named) = forward(batch, step);
            var value = loss.item<double>();
            if (!double.IsFinite(value))
            {
                optimizer.zero_grad();
                throw new NonFiniteLossException(settings.Phase, step, value, lastCheckpoint);
            }
            (loss / settings.Accumulation).backward();
            total += value / settings.Accumulation;
            foreach (var (k, v) in named) parts[k] = parts.GetValueOrDefault(k) + v.item<double>() / settings.Accumulation;
        }
        return (total, parts);
    }
}
