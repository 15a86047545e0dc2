using System.Text.Json.Nodes;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch.Optim;

/// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD).</summary>
public sealed class SGD : Optimizer
{
    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(groups, lr, weight_decay)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), $"momentum must be >= 0, got {momentum}");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum needs momentum > 0 and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    public double Momentum { get; }
    public double Dampening { get; }
    public bool Nesterov { get; }

    protected override void Update(ParamGroup group, Parameter p, Tensor grad, long step)
    {
        var buf = Momentum != 0 ? StateTensor(p, "momentum_buffer").Handle : IntPtr.Zero;
        TorchException.Check(kit_sgd_step(p.Handle, grad.Handle, buf, group.lr, Momentum, Dampening, group.weight_decay, Nesterov ? 1 : 0, step == 1 ? 1 : 0), "SGD.step");
    }

    protected override JsonObject Hyperparameters() => new() { ["momentum"] = Momentum, ["dampening"] = Dampening, ["nesterov"] = Nesterov };
}
