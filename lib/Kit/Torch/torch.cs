using System.Runtime.InteropServices;
using Kit.Torch.Native;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// The PyTorch-style entry point: <c>using static Kit.Torch.torch;</c> then <c>zeros(2, 3)</c>, <c>randn(...)</c>,
/// <c>cat(...)</c>, <c>nn.Linear(...)</c>, <c>optim.AdamW(...)</c>. Defaults follow PyTorch: float32, CPU.
/// </summary>
public static partial class torch
{
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType @bool = ScalarType.Bool;

    public static Device CPU => Device.CPU;
    public static Device CUDA => Device.CUDA;

    /// <summary>"cuda" when libtorch sees a GPU, else "cpu": the kit's default for configs that say "auto".</summary>
    public static Device default_device => cuda.is_available() ? Device.CUDA : Device.CPU;

    public static Device device(string spec) => Device.Parse(spec);

    /// <summary>libtorch's version (e.g. "1.13.1").</summary>
    public static string version => Marshal.PtrToStringUTF8(kit_torch_version())!;

    /// <summary>OpenCV's version, proving the video engine (the vision library) is built and linked.</summary>
    public static string opencv_version
    {
        get
        {
            VisionLibrary.Require("OpenCV's version");
            return Marshal.PtrToStringUTF8(VisionMethods.kit_opencv_version())!;
        }
    }

    public static DisposeScope NewDisposeScope() => new();

    // ---- creation ---------------------------------------------------------------------------------------------

    private delegate IntPtr ShapeFactory(long[] shape, int ndim, int dtype, int dev, int idx, int rg);

    private static Tensor Create(ShapeFactory f, long[] size, ScalarType? dtype, Device? device, bool requires_grad, string name)
    {
        var d = device ?? Device.CPU;
        d.EnsureAvailable();
        CheckShape(size, name);
        return Tensor.Wrap(f(size, size.Length, (int)(dtype ?? float32), (int)d.Type, d.Index, requires_grad ? 1 : 0), name);
    }

    private static void CheckShape(long[] size, string name)
    {
        foreach (var s in size)
            if (s < 0) throw new ArgumentException($"{name}: negative size {s} in shape {Tensor.ShapeString(size)}", nameof(size));
    }

    public static Tensor empty(params long[] size) => empty(size, null);
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Create(kit_empty, size, dtype, device, requires_grad, "empty");
    public static Tensor zeros(params long[] size) => zeros(size, null);
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Create(kit_zeros, size, dtype, device, requires_grad, "zeros");
    public static Tensor ones(params long[] size) => ones(size, null);
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Create(kit_ones, size, dtype, device, requires_grad, "ones");
    public static Tensor rand(params long[] size) => rand(size, null);
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Create(kit_rand, size, dtype, device, requires_grad, "rand");
    public static Tensor randn(params long[] size) => randn(size, null);
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Create(kit_randn, size, dtype, device, requires_grad, "randn");

    public static Tensor zeros_like(Tensor t) => zeros(t.shape, t.dtype, t.device);
    public static Tensor ones_like(Tensor t) => ones(t.shape, t.dtype, t.device);
    public static Tensor rand_like(Tensor t) => rand(t.shape, t.dtype, t.device);
    public static Tensor randn_like(Tensor t) => randn(t.shape, t.dtype, t.device);
    public static Tensor full_like(Tensor t, double value) => full(t.shape, value, t.dtype, t.device);

    public static Tensor full(long[] size, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        d.EnsureAvailable();
        CheckShape(size, "full");
        return Tensor.Wrap(kit_full(size, size.Length, value, (int)(dtype ?? float32), (int)d.Type, d.Index, requires_grad ? 1 : 0), "full");
    }

    /// <summary>Values start, start+step, ... below end. Defaults to int64, as torch.arange with integer bounds.</summary>
    public static Tensor arange(double start, double end, double step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        d.EnsureAvailable();
        if (step == 0) throw new ArgumentException("arange: step must be non-zero", nameof(step));
        return Tensor.Wrap(kit_arange(start, end, step, (int)(dtype ?? int64), (int)d.Type, d.Index, requires_grad ? 1 : 0), "arange");
    }

    public static Tensor arange(double end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        d.EnsureAvailable();
        return Tensor.Wrap(kit_linspace(start, end, steps, (int)(dtype ?? float32), (int)d.Type, d.Index, requires_grad ? 1 : 0), "linspace");
    }

    /// <summary>Uniform integers in [low, high).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null)
    {
        var d = device ?? Device.CPU;
        d.EnsureAvailable();
        CheckShape(size, "randint");
        return Tensor.Wrap(kit_randint(low, high, size, size.Length, (int)(dtype ?? int64), (int)d.Type, d.Index), "randint");
    }

    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null)
    {
        var d = device ?? Device.CPU;
        d.EnsureAvailable();
        return Tensor.Wrap(kit_randperm(n, (int)(dtype ?? int64), (int)d.Type, d.Index), "randperm");
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> in the given shape (1-d when shape is omitted).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        var s = shape ?? [data.Length];
        CheckShape(s, "tensor");
        long count = 1;
        foreach (var x in s) count *= x;
        if (count != data.Length) throw new ArgumentException($"tensor: shape {Tensor.ShapeString(s)} holds {count} elements but {data.Length} values were given", nameof(shape));
        var d = device ?? Device.CPU;
        d.EnsureAvailable();
        fixed (T* p = data)
            return Tensor.Wrap(kit_from_data(p, s, s.Length, (int)ScalarTypes.Of<T>(), (int)d.Type, d.Index, requires_grad ? 1 : 0), "tensor");
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor((ReadOnlySpan<T>)data, shape, device, requires_grad);

    /// <summary>A rectangular C# array as a tensor of the same shape.</summary>
    public static Tensor tensor<T>(T[,] data, Device? device = null) where T : unmanaged
    {
        var flat = new T[data.Length];
        var k = 0;
        foreach (var v in data) flat[k++] = v;
        return tensor(flat, [data.GetLength(0), data.GetLength(1)], device);
    }

    /// <summary>A 0-d tensor holding one value.</summary>
    public static Tensor scalar_tensor(double value, ScalarType? dtype = null, Device? device = null) =>
        full([], value, dtype ?? float32, device);

    // ---- joining and selection --------------------------------------------------------------------------------

    private static IntPtr[] Handles(IReadOnlyList<Tensor> ts, string name)
    {
        if (ts.Count == 0) throw new ArgumentException($"{name} needs at least one tensor");
        var h = new IntPtr[ts.Count];
        for (var i = 0; i < h.Length; i++) h[i] = ts[i].Handle;
        return h;
    }

    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Tensor.Wrap(kit_cat(Handles(tensors, "cat"), tensors.Count, dim), "cat");
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Tensor.Wrap(kit_stack(Handles(tensors, "stack"), tensors.Count, dim), "stack");
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => Tensor.Wrap(kit_where(condition.Handle, x.Handle, y.Handle), "where");
    public static Tensor where(Tensor condition, Tensor x, double y) => Tensor.Wrap(kit_where_scalar(condition.Handle, x.Handle, y), "where");
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor einsum(string equation, params Tensor[] operands) => Tensor.Wrap(kit_einsum(equation, Handles(operands, "einsum"), operands.Length), "einsum");
    public static Tensor atan2(Tensor y, Tensor x) => y.atan2(x);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor clamp(Tensor t, double? min = null, double? max = null) => t.clamp(min, max);
    public static Tensor exp(Tensor t) => t.exp();
    public static Tensor log(Tensor t) => t.log();
    public static Tensor sqrt(Tensor t) => t.sqrt();
    public static Tensor abs(Tensor t) => t.abs();
    public static Tensor sum(Tensor t) => t.sum();
    public static Tensor mean(Tensor t) => t.mean();
    public static Tensor bernoulli(Tensor p) => Tensor.Wrap(kit_bernoulli(p.Handle), "bernoulli");
    public static Tensor multinomial(Tensor probs, long num_samples, bool replacement = false) => Tensor.Wrap(kit_multinomial(probs.Handle, num_samples, replacement ? 1 : 0), "multinomial");

    // ---- global state -----------------------------------------------------------------------------------------

    /// <summary>Seeds libtorch's CPU (and CUDA) generators: same seed, same numbers on CPU.</summary>
    public static void manual_seed(ulong seed) => TorchException.Check(kit_manual_seed(seed));

    public static void set_num_threads(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "thread count must be at least 1");
        TorchException.Check(kit_set_num_threads(n));
    }

    public static int get_num_threads() => kit_get_num_threads();

    /// <summary>Disables gradient recording until disposed (PyTorch's torch.no_grad()).</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Sets gradient recording until disposed.</summary>
    public static IDisposable set_grad_enabled(bool enabled) => new GradModeGuard(enabled);

    public static bool is_grad_enabled() => kit_is_grad_enabled() != 0;

    private sealed class GradModeGuard : IDisposable
    {
        private readonly bool previous;
        private bool done;

        public GradModeGuard(bool enabled)
        {
            previous = kit_is_grad_enabled() != 0;
            kit_set_grad_enabled(enabled ? 1 : 0);
        }

        public void Dispose()
        {
            if (done) return;
            done = true;
            kit_set_grad_enabled(previous ? 1 : 0);
        }
    }

    public static class random
    {
        /// <summary>The CPU generator's state as a uint8 tensor (saved in checkpoints).</summary>
        public static Tensor get_rng_state() => Tensor.Wrap(kit_get_rng_state(), "get_rng_state");

        public static void set_rng_state(Tensor state) => TorchException.Check(kit_set_rng_state(state.Handle));

        public static void manual_seed(ulong seed) => torch.manual_seed(seed);
    }

    public static class cuda
    {
        private static readonly Lazy<bool> available = new(() => kit_cuda_is_available() != 0);

        public static bool is_available() => available.Value;
        public static int device_count() => is_available() ? kit_cuda_device_count() : 0;

        /// <summary>Waits for queued GPU work (for timing); a no-op without CUDA.</summary>
        public static void synchronize(int device = 0) => TorchException.Check(kit_cuda_synchronize(device));
    }
}
