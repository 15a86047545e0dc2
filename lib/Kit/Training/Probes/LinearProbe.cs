using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training.Probes;

/// <summary>Settings of the linear probe on frozen features.</summary>
/// <param name="Steps">full-batch AdamW steps (the features fit in memory; the optimum is reached well before 300).</param>
/// <param name="LearningRate">AdamW learning rate.</param>
/// <param name="WeightDecay">L2 penalty on the weights (AdamW's decoupled decay).</param>
public sealed record LinearProbeConfig(int Steps = 300, double LearningRate = 1e-2, double WeightDecay = 1e-4)
{
    public LinearProbeConfig Validate()
    {
        if (Steps < 1) throw new ArgumentException($"linear probe: steps must be at least 1, got {Steps}");
        if (LearningRate <= 0) throw new ArgumentException($"linear probe: learning rate must be positive, got {LearningRate}");
        if (WeightDecay < 0) throw new ArgumentException($"linear probe: weight decay must be >= 0, got {WeightDecay}");
        return this;
    }
}

/// <summary>
/// A linear classifier (logistic regression) on frozen features: standardised with the training features' mean and
/// spread, fitted full-batch with AdamW and cross-entropy, scored as top-1 on the test features. Deterministic given
/// the seed (the only randomness is the head's initialisation, drawn from libtorch's global generator).
/// </summary>
public static class LinearProbe
{
    /// <returns>top-1 accuracy on <paramref name="test"/>, 0..1.</returns>
    public static double Fit(FrozenFeatures train, FrozenFeatures test, int classes, LinearProbeConfig? config = null, ulong seed = 0)
    {
        config = (config ?? new LinearProbeConfig()).Validate();
        if (train.Features.size(1) != test.Features.size(1))
            throw new ArgumentException($"linear probe: train features have width {train.Features.size(1)}, test features {test.Features.size(1)}");
        using var scope = NewDisposeScope();
        var mean = train.Features.mean([0], keepdim: true);
        var std = train.Features.std([0], keepdim: true) + 1e-6;
        var x = (train.Features - mean) / std;
        var xt = (test.Features - mean) / std;
        var d = x.size(1);
        manual_seed(seed);
        using var head = nn.Linear(d, classes);
        using var opt = optim.AdamW(head.parameters(), config.LearningRate, weight_decay: config.WeightDecay);
        for (var step = 0; step < config.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            opt.zero_grad();
            nn.functional.cross_entropy(head.call(x), train.Labels).backward();
            opt.step();
        }
        using (no_grad())
        {
            var predicted = head.call(xt).argmax(1);
            return predicted.eq(test.Labels).to(float32).mean().item<float>();
        }
    }
}
