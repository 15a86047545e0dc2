using Kit.Torch;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Training;

/// <summary>
/// Numeric precision of a training run: "fp32" (float32 throughout), "tf32" (float32 with TensorFloat-32 matrix
/// products on CUDA; on CPU the same as fp32), "bf16" (bfloat16 autocast of the forward pass, CPU or CUDA) or "fp16"
/// (float16 autocast with a <see cref="GradScaler"/>, CUDA only). In every mode parameters, gradients, optimiser state
/// and losses are float32, so checkpoints are the same whatever the precision.
/// </summary>
public sealed record Precision(string Name)
{
    public static readonly string[] Names = ["fp32", "tf32", "bf16", "fp16"];

    public static Precision Fp32 => new("fp32");

    /// <summary>Reads a precision name, case-insensitively.</summary>
    public static Precision Parse(string? name)
    {
        var n = (name ?? "fp32").Trim().ToLowerInvariant();
        if (!Names.Contains(n)) throw new ArgumentException($"precision must be one of {string.Join(", ", Names)}; got '{name}'");
        return new Precision(n);
    }

    /// <summary>The dtype autocast computes in, or null when the forward pass runs in float32.</summary>
    public ScalarType? AutocastDtype => Name switch { "bf16" => ScalarType.BFloat16, "fp16" => ScalarType.Float16, _ => null };

    /// <summary>Float16 gradients underflow without loss scaling.</summary>
    public bool NeedsScaler => Name == "fp16";

    /// <summary>Checks the precision can run on <paramref name="device"/> with this build's libtorch.</summary>
    public void Validate(Device device)
    {
        if (Name == "fp16" && device.Type != DeviceType.CUDA)
            throw new ArgumentException($"precision fp16 needs a CUDA device (libtorch's CPU autocast computes in bfloat16); got device {device}. Use bf16 on CPU.");
    }

    /// <summary>Opens this precision's autocast region for a forward pass on <paramref name="device"/> (null for fp32/tf32).</summary>
    public Autocast? Forward(Device device) => AutocastDtype is { } dtype ? torch.autocast(device.Type, dtype) : null;

    /// <summary>Sets TF32 for the duration of a run (process-wide in libtorch, as torch.backends.cuda.matmul.allow_tf32)
    /// and restores the previous setting on dispose. fp32 turns TF32 off, so a run's numbers do not depend on what ran before.</summary>
    public IDisposable Matmul()
    {
        var previous = kit_get_allow_tf32();
        if (previous < 0) throw TorchException.FromNative("allow_tf32");
        TorchException.Check(kit_set_allow_tf32(Name == "fp32" ? 0 : 1), "allow_tf32");
        return new RestoreTf32(previous);
    }

    public override string ToString() => Name;

    private sealed class RestoreTf32(int previous) : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            TorchException.Check(kit_set_allow_tf32(previous), "allow_tf32");
        }
    }
}
