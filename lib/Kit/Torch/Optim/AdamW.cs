using System.Text.Json.Nodes;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch.Optim;

/// <summary>
/// AdamW (decoupled weight decay), the update of torch.optim.AdamW in PyTorch 1.13:
/// p ← p(1 − lr·wd); m ← β1·m + (1−β1)g; v ← β2·v + (1−β2)g²; p ← p − (lr/(1−β1^t)) · m / (sqrt(v)/sqrt(1−β2^t) + eps).
/// With <see cref="MultiTensor"/> (the default) a group's parameters are updated together: libtorch's fused AdamW
/// kernel for CUDA float32 parameters where libtorch has it (2.0+), else its multi-tensor _foreach ops, whose CPU path
/// applies the same per-tensor operations in the same order (identical numbers to the per-parameter form).
/// </summary>
public sealed class AdamW : Optimizer
{
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 1e-2, bool multi_tensor = true)
        : base(groups, lr, weight_decay)
    {
        MultiTensor = multi_tensor;
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

    /// <summary>Update each group's parameters in one multi-tensor (or fused) call rather than one call per parameter.</summary>
    public bool MultiTensor { get; }

    /// <summary>Whether the last group update ran libtorch's fused kernel (false: the _foreach form or per parameter).</summary>
    public bool LastStepFused { get; private set; }

    protected override void UpdateGroup(ParamGroup group, IReadOnlyList<(Parameter P, Tensor Grad, long Step)> items)
    {
        if (!MultiTensor)
        {
            base.UpdateGroup(group, items);
            return;
        }
        var n = items.Count;
        var (ps, gs, ms, vs, steps) = (new IntPtr[n], new IntPtr[n], new IntPtr[n], new IntPtr[n], new long[n]);
        for (var i = 0; i < n; i++)
        {
            var (p, g, step) = items[i];
            (ps[i], gs[i], ms[i], vs[i], steps[i]) = (p.Handle, g.Handle, StateTensor(p, "exp_avg").Handle, StateTensor(p, "exp_avg_sq").Handle, step);
        }
        var fused = kit_adamw_multi_step(ps, gs, ms, vs, steps, n, group.lr, Beta1, Beta2, Eps, group.weight_decay, 1);
        if (fused < 0) throw TorchException.FromNative("AdamW.step");
        LastStepFused = fused == 1;
    }

    protected override void Update(ParamGroup group, Parameter p, Tensor grad, long step)
    {
        var m = StateTensor(p, "exp_avg");
        var v = StateTensor(p, "exp_avg_sq");
        TorchException.Check(kit_adamw_step(p.Handle, grad.Handle, m.Handle, v.Handle, group.lr, Beta1, Beta2, Eps, group.weight_decay, step), "AdamW.step");
    }

    protected override JsonObject Hyperparameters() => new() { ["beta1"] = Beta1, ["beta2"] = Beta2, ["eps"] = Eps };
}
