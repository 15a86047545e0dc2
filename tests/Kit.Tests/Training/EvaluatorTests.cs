using Kit.Data;
using Kit.Model;
using Kit.Tests.Training.Fakes;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training;

public class EvaluatorTests
{
    /// <summary>A source whose "clips" encode the class scores directly: a constant clip of value v for every pixel.</summary>
    private sealed class ListSource(List<(float[] clipValues, long label)> videos, int views) : IClipSource
    {
        public int Classes => 4;
        public int BatchesPerEpoch(int batchSize) => videos.Count / batchSize;
        public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0) => throw new NotSupportedException();

        public IEnumerable<ClipBatch> Evaluation(int batchSize)
        {
            foreach (var chunk in videos.Chunk(batchSize))
            {
                var clips = chunk.SelectMany(v => v.clipValues.Select(x => full([1, 3, 8, 32, 32], x))).ToList();
                yield return new ClipBatch(cat(clips).DetachFromDisposeScope(), null, null,
                    tensor(chunk.SelectMany(v => Enumerable.Repeat(v.label, views)).ToArray()).DetachFromDisposeScope(), 1);
            }
        }

        public void Dispose() { }
    }

    [Fact]
    public void AveragesSoftmaxOverViewsAndCountsTopK()
    {
        manual_seed(0);
        using var scope = NewDisposeScope();
        using var model = new VideoClassifier(ModelPresets.Get("cpu-tiny"), 4);
        // Predicted class of a single clip, to build videos whose majority view is right or wrong.
        long Predict(float v) => model.forward(full([1, 3, 8, 32, 32], v)).argmax(1).item<long>();
        model.eval();
        var values = Enumerable.Range(0, 40).Select(i => i / 40f).ToArray();
        var byClass = values.GroupBy(Predict).ToDictionary(g => g.Key, g => g.First());
        Assert.True(byClass.Count >= 2, "the random head should predict at least two classes over the value range");
        var (c0, v0) = byClass.First();
        var videos = new List<(float[], long)>
        {
            ([v0, v0], c0),                                  // right in both views
            ([v0, v0], (c0 + 1) % 4),                        // wrong in both views
        };
        using var source = new ListSource(videos, 2);
        var r = Evaluator.Evaluate(model, source, new ViewSpec(2, 1), 1, Kit.Torch.Device.CPU);
        Assert.Equal(2, r.Videos);
        TestUtil.Close(0.5, r.Top1, 1e-12);
        Assert.Equal(1, r.Confusion[c0][c0]);
        Assert.Equal(1, r.Confusion[(c0 + 1) % 4][c0]);
        Assert.True(r.Top5 == 1.0, "with 4 classes every label is within the top 5");
    }

    [Fact]
    public void ACancelledTokenStopsEvaluationBeforeTheNextBatch()
    {
        using var scope = NewDisposeScope();
        using var model = new VideoClassifier(ModelPresets.Get("cpu-tiny"), 4);
        using var source = new ListSource([([0.1f], 0), ([0.2f], 1)], 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            Evaluator.Evaluate(model, source, new ViewSpec(1, 1), 1, Kit.Torch.Device.CPU, cancelled.Token));
    }
}
