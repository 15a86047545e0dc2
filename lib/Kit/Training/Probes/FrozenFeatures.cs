using Kit.Data;
using Kit.Model;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training.Probes;

/// <summary>Pooled features of a frozen encoder over a set of clips, with their labels.</summary>
/// <param name="Features">(N, D) float32 on the CPU: the encoder's final-normed tokens, mean-pooled (MME's Table 4 probes
/// such frozen, pooled features).</param>
/// <param name="Labels">(N) int64 class ids.</param>
public sealed record FrozenFeatures(Tensor Features, Tensor Labels) : IDisposable
{
    public long Count => Features.size(0);

    /// <summary>Runs the encoder in eval mode without gradients over every batch.</summary>
    /// <param name="encoder">the (pre-trained or random) encoder; its mode is restored afterwards.</param>
    /// <param name="batches">labelled batches; each is disposed here.</param>
    /// <param name="device">where the encoder lives.</param>
    public static FrozenFeatures Extract(VideoEncoder encoder, IEnumerable<ClipBatch> batches, Device device)
    {
        var wasTraining = encoder.training;
        encoder.eval();
        var features = new List<Tensor>();
        var labels = new List<Tensor>();
        try
        {
            using var _ = no_grad();
            foreach (var batch in batches)
            {
                using var b = batch;
                if (b.Labels is null) throw new InvalidOperationException("frozen features need labelled clips, but the source gave a batch without labels");
                using var scope = NewDisposeScope();
                var pooled = encoder.forward(b.Clip.to(device), null, applyNorm: true).mean(1).to(float32).cpu();
                features.Add(scope.MoveToOuter(pooled));
                labels.Add(scope.MoveToOuter(b.Labels.cpu().clone()));
            }
            if (features.Count == 0) throw new InvalidOperationException("frozen features: the source yielded no clips");
            return new FrozenFeatures(cat(features, 0).DetachFromDisposeScope(), cat(labels, 0).DetachFromDisposeScope());
        }
        finally
        {
            foreach (var t in features) t.Dispose();
            foreach (var t in labels) t.Dispose();
            encoder.train(wasTraining);
        }
    }

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }
}
