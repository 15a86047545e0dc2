using System.Text.Json.Nodes;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch.Optim;

/// <summary>
/// AdamW (decoupled weight decay), the update of torch.optim.AdamW in PyTorch 1.13:
/// p ← p(1 − lr·wd); m ← β1·m + (1−β1)g; v ← β2·v + (1−β2)g²; p ← p − (lr/(1−β1^t)) · m / (sqrt(v)/sqrt(1−β2^t) + eps).
/// </summary>
public sealed class AdamW : Optimizer
{
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 1e-2)
        : base(groups, lr, weight_decay)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 must be in [0, 1), got {beta1}");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), $"beta2 must be in [0, 1), got {beta2}");
        if (eps <= 0) throw new ArgumentOutOfRangeException(nameof(eps), $"eps must be positive, got {eps}");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    protected override void Update(ParamGroup group, Parameter p, Tensor grad, long step)
    {
        var m = StateTensor(p, "exp_avg");
        var v = StateTensor(p, "exp_avg_sq");
        TorchException.Check(kit_adamw_step(p.Handle, grad.Handle, m.Handle, v.Handle, group.lr, Beta1, Beta2, Eps, group.weight_decay, step), "AdamW.step");
    }

    protected override JsonObject Hyperparameters() => new() { ["beta1"] = Beta1, ["beta2"] = Beta2, ["eps"] = Eps };
}
