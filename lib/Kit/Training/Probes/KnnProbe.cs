using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training.Probes;

/// <summary>
/// k-nearest-neighbour classification of frozen features: cosine similarity to every training feature, the k most
/// similar vote with weight exp(similarity / temperature) (the weighted k-NN of self-supervised evaluation).
/// No training, so it measures the geometry of the features alone.
/// </summary>
public static class KnnProbe
{
    /// <returns>top-1 accuracy on <paramref name="test"/>, 0..1.</returns>
    public static double Score(FrozenFeatures train, FrozenFeatures test, int classes, int k = 10, double temperature = 0.07)
    {
        if (k < 1) throw new ArgumentException($"k-NN: k must be at least 1, got {k}");
        if (temperature <= 0) throw new ArgumentException($"k-NN: temperature must be positive, got {temperature}");
        using var scope = NewDisposeScope();
        // Centre by the training mean first: pooled ViT features share a large common component that would make every
        // cosine similarity close to 1.
        var mean = train.Features.mean([0], keepdim: true);
        var a = Unit(train.Features - mean);
        var q = Unit(test.Features - mean);
        var kk = (int)Math.Min(k, a.size(0));
        var (sims, idx) = q.matmul(a.t()).topk(kk, 1); // (Q, k)
        var votes = zeros([q.size(0), classes]).scatter_add(1, train.Labels.index_select(0, idx.reshape(-1)).reshape(idx.shape), (sims / temperature).exp());
        return votes.argmax(1).eq(test.Labels).to(float32).mean().item<float>();
    }

    /// <summary>Rows scaled to unit length. x: (N, D).</summary>
    private static Tensor Unit(Tensor x) => x / x.norm(2, [1], keepdim: true).clamp_min(1e-12);
}
