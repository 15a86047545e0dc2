using System.Diagnostics;
using Kit.Data;
using Kit.Masking;
using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// Pre-training step time with the measured work costing nothing (a target computed once before the loop, a random
/// mask), with it done in the step, and with it done ahead on <see cref="BatchPrefetch"/>'s thread as
/// <see cref="Pretrainer"/> does: each the median over rounds of a round's mean step, the three loops taking turns
/// within each round so that a slow spell of a shared machine falls on all three; the costs are the extra time per
/// step over the first, as a fraction of it. WorkMs is the work itself timed inside the in-step loop, right after the
/// previous step (median over the timed steps of every round): the cost of computing it on the fly with the caches as a
/// step leaves them, free of the noise between whole loops; WorkShare holds it against the step with the work free.
/// </summary>
public sealed record TargetLoopTiming(double ReadyMs, double InlineMs, double AheadMs, double WorkMs)
{
    public double InlineCost => (InlineMs - ReadyMs) / ReadyMs;
    public double AheadCost => (AheadMs - ReadyMs) / ReadyMs;
    public double WorkShare => WorkMs / ReadyMs;
}

/// <summary>What a target or a mask costs inside a real pre-training loop (model, loss, AdamW) on one batch.</summary>
public static class TargetLoopBench
{
    /// <summary>
    /// Times <paramref name="target"/> (when <paramref name="mask"/> is null) or <paramref name="mask"/> (the target is
    /// then computed once and reused in all three loops): <paramref name="rounds"/> rounds of the three loops in turn,
    /// each loop <paramref name="warmup"/> untimed and <paramref name="steps"/> timed steps.
    /// </summary>
    public static TargetLoopTiming Run(ModelConfig model, ClipBatch batch, double maskRatio, int steps, ITarget target, IMaskGenerator? mask = null, int warmup = 2, int rounds = 3)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"steps must be at least 1, got {steps}");
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), $"rounds must be at least 1, got {rounds}");
        var grid = model.Grid;
        manual_seed(0);
        using var m = new MaskedVideoModel(model, target.Parts);
        m.to(batch.Clip.device);
        using var opt = optim.AdamW(ParamGroups.Build(m, 0.05), 1e-4, 0.9, 0.95, weight_decay: 0.05);
        var random = new RandomMask(new RandomMaskConfig(maskRatio));
        MaskResult RandomMask() => random.Generate(batch, grid);

        void Step(IReadOnlyList<TargetPart> parts, MaskResult masked)
        {
            using var scope = NewDisposeScope();
            var loss = ReconstructionLoss.Compute(m.forward(batch.Clip, masked), parts, MaskedVideoModel.MaskedIndices(masked.Mask), new LossConfig()).Total;
            loss.backward();
            opt.step();
            opt.zero_grad();
            _ = loss.item<float>();
        }

        double Mean(IEnumerable<Action> runs)
        {
            var sw = new Stopwatch();
            var i = 0;
            foreach (var run in runs)
            {
                if (i++ == warmup) sw.Start();
                run();
            }
            cuda.synchronize();
            return sw.Elapsed.TotalMilliseconds / steps;
        }

        IEnumerable<Action> Repeat(Action a) => Enumerable.Repeat(a, warmup + steps);

        var ready = target.Compute(batch, grid);
        try
        {
            var (readyMs, inlineMs, aheadMs, workMs) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            var work = new Stopwatch();
            for (var round = 0; round < rounds; round++)
            {
                var inlineStep = 0;
                readyMs.Add(Mean(Repeat(() =>
                {
                    using var r = RandomMask();
                    Step(ready, r);
                })));
                inlineMs.Add(Mean(Repeat(() =>
                {
                    using var scope = NewDisposeScope();
                    work.Restart();
                    using var r = mask?.Generate(batch, grid) ?? RandomMask();
                    var parts = mask is null ? target.Compute(batch, grid) : ready;
                    cuda.synchronize();
                    work.Stop();
                    if (inlineStep++ >= warmup) workMs.Add(work.Elapsed.TotalMilliseconds);
                    Step(parts, r);
                })));
                // The prefetcher keys batches by reference: each step gets its own record over the same tensors.
                using var prefetch = new BatchPrefetch(mask is null ? target : null, grid, mask);
                var copies = Enumerable.Range(0, warmup + steps).Select(_ => batch with { });
                aheadMs.Add(Mean(prefetch.Ahead(copies).Select(b => (Action)(() =>
                {
                    using var prepared = prefetch.Take(b)!;
                    using var r = mask?.Generate(b, grid, prepared.Mask) ?? RandomMask();
                    Step(mask is null ? prepared.Parts : ready, r);
                }))));
            }
            return new TargetLoopTiming(Median(readyMs), Median(inlineMs), Median(aheadMs), Median(workMs));
        }
        finally
        {
            foreach (var p in ready) p.Dispose();
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
