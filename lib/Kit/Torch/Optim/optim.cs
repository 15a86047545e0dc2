using Kit.Torch.Optim;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

public static partial class torch
{
    /// <summary>Optimiser factories (torch.optim).</summary>
    public static class optim
    {
        public static AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 1e-2, bool multi_tensor = true) =>
            new([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, multi_tensor);

        public static AdamW AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 1e-2, bool multi_tensor = true) =>
            new(groups, lr, beta1, beta2, eps, weight_decay, multi_tensor);

        public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new([new ParamGroup(parameters)], lr, momentum, dampening, weight_decay, nesterov);

        public static SGD SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(groups, lr, momentum, dampening, weight_decay, nesterov);
    }

    public static partial class nn
    {
        public static class utils
        {
            /// <summary>Scales gradients in place so their joint p-norm is at most max_norm; returns the norm before clipping.</summary>
            public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm, double norm_type = 2)
            {
                using var scope = NewDisposeScope();
                var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!.Handle).ToArray();
                var total = kit_clip_grad_norm(grads, grads.Length, max_norm, norm_type);
                TorchException.CheckPending("clip_grad_norm_");
                return total;
            }
        }
    }
}
