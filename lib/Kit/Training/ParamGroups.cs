using Kit.Torch;
using Kit.Torch.Optim;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// Splits a model's trainable parameters into AdamW groups: no weight decay on biases, norm weights (every 1-d
/// parameter), position tables and the mask token; with layer decay, one group per (layer, decay) pair whose lr_scale
/// is decay^(L + 1 - layer) (VideoMAE's LayerDecayValueAssigner).
/// </summary>
public static class ParamGroups
{
    public static bool Decays(string name, Parameter p) =>
        !(p.dim() <= 1 || name.EndsWith(".bias", StringComparison.Ordinal) || name.Contains("pos_embed", StringComparison.Ordinal) || name.Contains("mask_token", StringComparison.Ordinal));

    /// <param name="layerOf">layer id of a parameter name (0 = embedding, L + 1 = head); null = one layer.</param>
    /// <param name="layers">L, the number of transformer blocks, when layerOf is given.</param>
    public static List<ParamGroup> Build(nn.Module model, double weightDecay, Func<string, int>? layerOf = null, int layers = 0, double layerDecay = 1.0)
    {
        var groups = new Dictionary<(int layer, bool decay), List<Parameter>>();
        foreach (var (name, p) in model.named_parameters())
        {
            if (!p.requires_grad) continue;
            var key = (layerOf?.Invoke(name) ?? 0, Decays(name, p));
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = new List<Parameter>();
            list.Add(p);
        }
        return groups.OrderBy(g => g.Key.layer).ThenBy(g => g.Key.decay)
            .Select(g => new ParamGroup(g.Value,
                weight_decay: g.Key.decay ? weightDecay : 0.0,
                lr_scale: layerOf is null ? 1.0 : LayerDecay.Scale(g.Key.layer, layers, layerDecay),
                name: $"layer{g.Key.layer}_{(g.Key.decay ? "decay" : "no_decay")}"))
            .ToList();
    }
}
