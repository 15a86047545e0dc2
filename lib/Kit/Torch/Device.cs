using Kit.Torch.Native;

namespace Kit.Torch;

/// <summary>Kind of device; values are libtorch's c10::DeviceType codes.</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>A tensor device ("cpu", "cuda", "cuda:1"). Asking for CUDA where libtorch has none is a clear error.</summary>
public sealed record Device(DeviceType Type, int Index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>Parses "cpu", "cuda", "cuda:N" or "auto" (cuda when available, else cpu).</summary>
    public static Device Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var s = spec.Trim().ToLowerInvariant();
        if (s == "auto") return torch.cuda.is_available() ? CUDA : CPU;
        if (s == "cpu") return CPU;
        if (s == "cuda") return CUDA;
        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s[5..], out var i) && i >= 0) return new Device(DeviceType.CUDA, i);
        throw new ArgumentException($"device '{spec}' is not one of: cpu, cuda, cuda:N, auto", nameof(spec));
    }

    /// <summary>Throws a clear error when this is a CUDA device and libtorch sees no GPU.</summary>
    internal void EnsureAvailable()
    {
        if (Type != DeviceType.CUDA) return;
        if (!torch.cuda.is_available())
            throw new InvalidOperationException(
                $"device {this} was requested but CUDA is not available: this libtorch ({torch.version}) was built without CUDA or no GPU is visible. " +
                "Use device \"cpu\" or \"auto\", or build the kit against a CUDA libtorch (see README).");
        if (Index >= torch.cuda.device_count())
            throw new InvalidOperationException($"device {this} was requested but only {torch.cuda.device_count()} CUDA device(s) exist");
    }

    public override string ToString() => Type == DeviceType.CPU ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";

    public static implicit operator Device(string spec) => Parse(spec);
}
