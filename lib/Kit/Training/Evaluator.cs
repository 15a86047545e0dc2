using Kit.Model;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// Multi-view testing: every video's views (clips x crops) are classified, their softmax probabilities averaged, and
/// top-1 / top-5 accuracy and the confusion matrix computed from the averaged scores.
/// </summary>
public static class Evaluator
{
    /// <param name="cancel">Checked before each batch: evaluation of a large split stops within one batch.</param>
    public static EvalResult Evaluate(VideoClassifier model, IClipSource source, ViewSpec views, int batchSize, Device device, CancellationToken cancel = default)
    {
        var wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        var classes = model.Classes;
        var confusion = Enumerable.Range(0, classes).Select(_ => new long[classes]).ToArray();
        long top1 = 0, top5 = 0;
        var videos = 0;
        foreach (var batch in source.Evaluation(batchSize))
        {
            using var scope = NewDisposeScope();
            using var b = batch;
            cancel.ThrowIfCancellationRequested();
            if (b.Labels is null) throw new InvalidOperationException("evaluation needs labelled data, but the source gave a batch without labels");
            var n = b.Clip.size(0);
            if (n % views.Count != 0) throw new InvalidOperationException($"an evaluation batch holds {n} clips, not a multiple of the {views.Count} views per video");
            var probs = nn.functional.softmax(model.forward(b.Clip.to(device)), -1).reshape(n / views.Count, views.Count, classes).mean(1); // (V, C)
            var labels = b.Labels.to(device).reshape(n / views.Count, views.Count).select(1, 0);
            var k = Math.Min(5, classes);
            var (_, top) = probs.topk(k, 1);
            var hit = top.eq(labels.unsqueeze(1));
            top1 += hit.select(1, 0).sum().item<long>();
            top5 += hit.any(1).sum().item<long>();
            var pred = top.select(1, 0).cpu().ToArray<long>();
            var truth = labels.cpu().ToArray<long>();
            for (var i = 0; i < truth.Length; i++) confusion[truth[i]][pred[i]]++;
            videos += truth.Length;
        }
        model.train(wasTraining);
        if (videos == 0) throw new InvalidOperationException("the evaluation source yielded no videos");
        return new EvalResult((double)top1 / videos, (double)top5 / videos, videos, views.Count, confusion);
    }
}
