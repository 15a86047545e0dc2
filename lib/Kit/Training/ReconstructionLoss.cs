using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// The pre-training loss over masked tokens only, honouring each target part's validity: a token outside Valid is left
/// out, and within a token only the features in FeatureValid count (MME: features of a trajectory that left the frame).
/// </summary>
public static class ReconstructionLoss
{
    /// <param name="predictions">per part (B, N_mask, D_part), rows in <paramref name="masked"/> order.</param>
    /// <param name="targets">per part, values (B, N, D_part) over all tokens, token validity (B, N) or null and feature
/// validity (B, N, D_part) or null.</param>
    /// <param name="masked">(B, N_mask) int64 indices of the hidden tokens.</param>
    /// <returns>the weighted total (0-d) and each part's loss (0-d), in part order.</returns>
    public static (Tensor Total, Tensor[] Parts) Compute(IReadOnlyList<Tensor> predictions, IReadOnlyList<TargetPart> targets, Tensor masked, LossConfig config)
    {
        if (predictions.Count != targets.Count)
            throw new ArgumentException($"the decoder predicts {predictions.Count} parts but the target has {targets.Count}");
        using var scope = NewDisposeScope();
        var parts = new Tensor[targets.Count];
        Tensor? total = null;
        double weightSum = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var pred = predictions[i];
            var (b, m, d) = (pred.size(0), pred.size(1), pred.size(2));
            if (t.Values.size(2) != d) throw new ArgumentException($"target part '{t.Name}' has {t.Values.size(2)} features per token but its head predicts {d}");
            var target = t.Values.gather(1, masked.unsqueeze(-1).expand(b, m, d)).to(pred.dtype);
            var elementwise = Elementwise(pred, target, config);                              // (B, N_mask, D)
            Tensor perToken, valid;                                                            // (B, N_mask) each
            if (t.FeatureValid is null)
            {
                perToken = elementwise.mean(2);
                valid = t.Valid is null ? ones_like(perToken) : t.Valid.gather(1, masked).to(pred.dtype);
            }
            else
            {
                var features = t.FeatureValid.gather(1, masked.unsqueeze(-1).expand(b, m, d)).to(pred.dtype);
                var counted = features.sum(2);
                perToken = (elementwise * features).sum(2) / counted.clamp_min(1);
                // A token with no valid feature carries no loss, whatever its token-level flag says.
                valid = (counted > 0).to(pred.dtype);
                if (t.Valid is not null) valid = valid * t.Valid.gather(1, masked).to(pred.dtype);
            }
            var loss = (perToken * valid).sum() / valid.sum().clamp_min(1);
            parts[i] = loss;
            var w = config.WeightOf(t.Name);
            weightSum += w;
            total = total is null ? loss * w : total + loss * w;
        }
        if (weightSum <= 0) throw new ArgumentException("loss.partWeights must give at least one part a positive weight");
        var result = total! / weightSum;
        return (scope.MoveToOuter(result), parts.Select(scope.MoveToOuter).ToArray());
    }

    private static Tensor Elementwise(Tensor pred, Tensor target, LossConfig c) => c.Kind switch
    {
        LossKind.Mse => nn.functional.mse_loss(pred, target, Reduction.None),
        LossKind.L1 => nn.functional.l1_loss(pred, target, Reduction.None),
        LossKind.SmoothL1 => nn.functional.smooth_l1_loss(pred, target, Reduction.None, c.SmoothL1Beta),
        _ => throw new ArgumentException($"unknown loss kind {c.Kind}"),
    };
}
