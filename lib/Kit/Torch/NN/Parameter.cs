using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// A learnable tensor owned by a module. It shares storage with the tensor it was made from, records gradients, and
/// never belongs to a <see cref="DisposeScope"/>: its module frees it.
/// </summary>
public sealed class Parameter : Tensor
{
    public Parameter(Tensor data, bool requires_grad = true) : base(TorchException.Check(kit_detach(data.Handle), "Parameter"), attachToScope: false)
    {
        this.requires_grad = requires_grad;
    }

    /// <summary>Replaces the values (and possibly device or dtype) while keeping this parameter's identity.</summary>
    public void set_data(Tensor data) => TorchException.Check(kit_set_data(Handle, data.Handle), "set_data");
}
