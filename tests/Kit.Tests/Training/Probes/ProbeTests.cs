using Kit.Training.Probes;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Training.Probes;

public class ProbeTests
{
    /// <summary>Features = one-hot class direction x 5 + noise of std 1 in 16 dimensions: centres 3.5 std from each
    /// boundary, so the Bayes error is about 0.1 % (at x 3 it was 13 % measured, too close to the 0.9 bar).</summary>
    private static FrozenFeatures Blobs(int perClass, int classes, ulong seed, double signal = 5)
    {
        manual_seed(seed);
        var labels = tensor(Enumerable.Range(0, classes * perClass).Select(i => (long)(i / perClass)).ToArray());
        var centres = tensor(Enumerable.Range(0, classes * 16).Select(i => i / 16 == i % 16 ? (float)signal : 0f).ToArray(), [classes, 16]);
        var x = centres.index_select(0, labels) + randn(labels.size(0), 16);
        return new FrozenFeatures(x, labels);
    }

    [Fact]
    public void TheLinearProbeSeparatesSeparableFeaturesAndIsAtChanceOnNoise()
    {
        using var train = Blobs(20, 5, 1);
        using var test = Blobs(20, 5, 2);
        Assert.True(LinearProbe.Fit(train, test, 5) > 0.9);
        using var noise = Blobs(20, 5, 3, signal: 0);
        using var noiseTest = Blobs(40, 5, 4, signal: 0);
        Assert.InRange(LinearProbe.Fit(noise, noiseTest, 5), 0.05, 0.4);     // chance 0.2
        Assert.Equal(LinearProbe.Fit(train, test, 5, seed: 9), LinearProbe.Fit(train, test, 5, seed: 9));
    }

    [Fact]
    public void KnnVotesWithTheNearestNeighbours()
    {
        using var train = Blobs(20, 5, 1);
        using var test = Blobs(20, 5, 2);
        Assert.True(KnnProbe.Score(train, test, 5) > 0.9);
        // Each test point equal to a training point of another class's cluster: k=1 follows the neighbour.
        using var shifted = new FrozenFeatures(train.Features.clone(), (train.Labels + 1).remainder(5));
        Assert.True(KnnProbe.Score(train, shifted, 5, k: 1) < 0.1);
        Assert.Throws<ArgumentException>(() => KnnProbe.Score(train, test, 5, k: 0));
    }
}
