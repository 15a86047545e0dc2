using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>
/// VideoMAE's weight initialisation for transformer layers: Xavier-uniform Linear weights with zero biases (LayerNorms
/// start at scale 1, shift 0 already). The cube embedding keeps its convolution default, as in VideoMAE.
/// </summary>
public static class VitInit
{
    public static void Apply(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            if (m is not Kit.Torch.Modules.Linear linear) continue;
            nn.init.xavier_uniform_(linear.weight);
            linear.bias?.zero_();
        }
    }
}
