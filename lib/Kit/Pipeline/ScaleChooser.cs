using Kit.Experiments;
using Kit.Training;

namespace Kit.Pipeline;

/// <summary>A scale's estimated cost for one table on this machine.</summary>
/// <param name="Scale">the scale.</param>
/// <param name="Minutes">estimated wall minutes for the table at the scale's default seeds.</param>
/// <param name="PretrainClipsPerSecond">measured pre-training rate of the scale's model and batch here.</param>
/// <param name="FinetuneClipsPerSecond">measured fine-tuning rate.</param>
public sealed record ScaleEstimate(Scale Scale, double Minutes, double PretrainClipsPerSecond, double FinetuneClipsPerSecond);

/// <summary>
/// Picks the largest scale whose run of a table fits a time budget on this machine: each candidate's pre-training and
/// fine-tuning steps are timed (<see cref="TrainBench"/>, a few steps), and the table's clips at each phase divided by
/// those rates, plus the frozen-feature passes over the labelled and test sets (forward only, counted as a third of a
/// training step) and a fifth on top for rendering the stream and computing targets (`kit bench stream`).
/// </summary>
public static class ScaleChooser
{
    /// <summary>Share of the training time added for rendering and targets.</summary>
    public const double DataOverhead = 0.2;

    /// <summary>Estimates every candidate (smallest first) and returns the largest that fits, or the smallest.</summary>
    public static (Scale Chosen, IReadOnlyList<ScaleEstimate> Estimates) Choose(AblationTable table, IReadOnlyList<Scale> candidates, TimeSpan budget, Action<string>? log = null)
    {
        if (candidates.Count == 0) throw new ArgumentException("no candidate scales to choose from", nameof(candidates));
        var estimates = new List<ScaleEstimate>();
        foreach (var scale in candidates)
        {
            var e = Estimate(table, scale);
            estimates.Add(e);
            log?.Invoke($"  {scale.Name,-6} about {e.Minutes:F0} min here (pre-training {e.PretrainClipsPerSecond:F0} clips/s, fine-tuning {e.FinetuneClipsPerSecond:F0} clips/s)");
            if (e.Minutes > budget.TotalMinutes) break; // larger scales only cost more
        }
        var fitting = estimates.Where(e => e.Minutes <= budget.TotalMinutes).ToList();
        return ((fitting.Count > 0 ? fitting[^1] : estimates[0]).Scale, estimates);
    }

    /// <summary>Estimated minutes of <paramref name="table"/> at <paramref name="scale"/> on this machine.</summary>
    public static ScaleEstimate Estimate(AblationTable table, Scale scale)
    {
        var baseRecipe = scale.Resolve(table.Base);
        var model = RecipeMapping.Model(baseRecipe);
        var batch = baseRecipe.Pretrain.BatchSize ?? 8;
        var ftBatch = baseRecipe.Finetune.BatchSize ?? batch;
        var rates = TrainBench.Run(new TrainBenchConfig(PretrainBatch: batch, FinetuneBatch: ftBatch, Warmup: 1, Steps: 2, Classes: 14, Device: scale.Device, Model: model));
        var (pre, ft) = (rates.Pretrain.ClipsPerSecond, rates.Finetune.ClipsPerSecond);
        var featureClips = (scale.LabelledPerClass + scale.TestPerClass) * 14.0;
        var seconds = 0.0;
        foreach (var row in table.Rows)
        {
            var r = scale.Resolve(row.Recipe, table.Base);
            seconds += (r.Pretrain.Steps ?? 0) * (double)(r.Pretrain.BatchSize ?? batch) / pre;
            if (r.Evaluation.Kind == MeasurementKind.FinetuneTop1) seconds += (r.Finetune.Steps ?? 0) * (double)(r.Finetune.BatchSize ?? ftBatch) / ft;
            if (r.Evaluation.Kind != MeasurementKind.PretrainLoss) seconds += featureClips / (3 * ft);
        }
        var minutes = seconds * (1 + DataOverhead) * scale.DefaultSeeds / 60;
        return new ScaleEstimate(scale, minutes, pre, ft);
    }
}
