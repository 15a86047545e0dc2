using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// A libtorch autocast region (torch.autocast): while it is open, on this thread, matrix products, linear layers and
/// convolutions on <see cref="Device"/> run in <see cref="Dtype"/> (bfloat16 or float16), while reductions, softmax,
/// norms and losses stay in float32 by libtorch's per-op policy. Parameters stay float32; autocast casts them per op
/// and caches the casts until the outermost region closes. Dispose restores the previous state. Open it around the
/// forward pass only: backward runs each op in the dtype its forward used.
/// </summary>
public sealed class Autocast : IDisposable
{
    private readonly DeviceType device;
    private readonly int previousEnabled;
    private readonly int previousDtype;
    private bool closed;

    internal Autocast(DeviceType device, ScalarType dtype, bool enabled)
    {
        if (device is not (DeviceType.CPU or DeviceType.CUDA)) throw new ArgumentException($"autocast: no autocast on {device}; use cpu or cuda");
        if (dtype is not (ScalarType.BFloat16 or ScalarType.Float16)) throw new ArgumentException($"autocast: dtype must be bfloat16 or float16, got {dtype}");
        this.device = device;
        Dtype = dtype;
        TorchException.Check(kit_autocast_get((int)device, out previousEnabled, out previousDtype), "autocast");
        TorchException.Check(kit_autocast_set((int)device, enabled ? 1 : 0, (int)dtype, 1), "autocast");
    }

    public ScalarType Dtype { get; }

    /// <summary>Whether autocast is on for <paramref name="device"/> on this thread.</summary>
    public static bool IsEnabled(DeviceType device)
    {
        TorchException.Check(kit_autocast_get((int)device, out var enabled, out _), "autocast");
        return enabled != 0;
    }

    public void Dispose()
    {
        if (closed) return;
        closed = true;
        TorchException.Check(kit_autocast_set((int)device, previousEnabled, previousDtype, 0), "autocast");
    }
}

public static partial class torch
{
    /// <summary>Opens an autocast region on this thread (see <see cref="Autocast"/>): <c>using (torch.autocast(DeviceType.CPU, bfloat16)) { ... }</c>.</summary>
    public static Autocast autocast(DeviceType device, ScalarType dtype, bool enabled = true) => new(device, dtype, enabled);
}
