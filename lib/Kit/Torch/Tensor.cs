using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Kit.Torch.Native;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// A handle to a libtorch tensor. Methods follow PyTorch's names (reshape, permute, sum, ...), return new tensors, and
/// raise <see cref="TorchException"/> with libtorch's message when the operation is invalid. Native memory is freed by
/// <see cref="Dispose"/>, by the enclosing <see cref="DisposeScope"/>, or — as a last resort — by the finaliser.
/// </summary>
public partial class Tensor : IDisposable
{
    private IntPtr handle;

    internal DisposeScope? OwningScope;

    internal Tensor(IntPtr handle, bool attachToScope = true)
    {
        this.handle = handle;
        if (attachToScope) DisposeScope.Current?.Own(this);
    }

    ~Tensor() => Free();

    /// <summary>Wraps a handle returned by a native call, raising the native error when it is null.</summary>
    internal static Tensor Wrap(IntPtr h, [CallerMemberName] string op = "") => new(TorchException.Check(h, op));

    /// <summary>The native at::Tensor*; throws when the tensor was disposed.</summary>
    public IntPtr Handle =>
        handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Tensor), "this tensor was disposed (by Dispose() or by its DisposeScope) and can no longer be used");

    public bool IsDisposed => handle == IntPtr.Zero;

    internal void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) kit_tensor_free(h);
    }

    public void Dispose()
    {
        OwningScope?.Release(this);
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Moves this tensor to the scope enclosing its current one.</summary>
    public Tensor MoveToOuterDisposeScope() => OwningScope is { } s ? s.MoveToOuter(this) : this;

    /// <summary>Takes this tensor out of any scope: the caller must dispose it.</summary>
    public Tensor DetachFromDisposeScope() => OwningScope is { } s ? s.Detach(this) : this;

    // ---- properties -------------------------------------------------------------------------------------------

    public int dim() => kit_tensor_dim(Handle);
    public int ndim => dim();

    /// <summary>Sizes of every dimension.</summary>
    public long[] shape
    {
        get
        {
            var s = new long[kit_tensor_dim(Handle)];
            kit_tensor_sizes(Handle, s);
            return s;
        }
    }

    public long[] stride()
    {
        var s = new long[kit_tensor_dim(Handle)];
        kit_tensor_strides(Handle, s);
        return s;
    }

    /// <summary>Size of dimension <paramref name="d"/> (negative counts from the end).</summary>
    public long size(int d)
    {
        var s = shape;
        var i = d < 0 ? d + s.Length : d;
        if (i < 0 || i >= s.Length) throw new ArgumentOutOfRangeException(nameof(d), $"dimension {d} is out of range for a {s.Length}-d tensor");
        return s[i];
    }

    public long numel() => kit_tensor_numel(Handle);
    public ScalarType dtype => (ScalarType)kit_tensor_dtype(Handle);
    public Device device => new((DeviceType)kit_tensor_device_type(Handle), kit_tensor_device_index(Handle));
    public bool is_contiguous() => kit_tensor_is_contiguous(Handle) != 0;
    public bool is_leaf => kit_tensor_is_leaf(Handle) != 0;
    public long element_size() => kit_tensor_element_size(Handle);

    public bool requires_grad
    {
        get => kit_tensor_requires_grad(Handle) != 0;
        set => TorchException.Check(kit_requires_grad_(Handle, value ? 1 : 0));
    }

    /// <summary>Sets requires_grad in place and returns this tensor (PyTorch's requires_grad_()).</summary>
    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    /// <summary>The accumulated gradient, or null before the first backward.</summary>
    public Tensor? grad
    {
        get
        {
            var h = kit_grad(Handle);
            if (h == IntPtr.Zero)
            {
                TorchException.CheckPending();
                return null;
            }
            return new Tensor(h);
        }
    }

    // ---- data in and out --------------------------------------------------------------------------------------

    /// <summary>Copies the elements (any device, any layout) into a new C# array; T must match dtype.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        CheckElementType<T>();
        var result = new T[numel()];
        fixed (T* p = result)
            TorchException.Check(kit_copy_out(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>Zero-copy view of a CPU contiguous tensor's elements; valid while the tensor lives.</summary>
    public unsafe Span<T> AsSpan<T>() where T : unmanaged
    {
        CheckElementType<T>();
        var p = TorchException.Check(kit_tensor_data_ptr(Handle));
        return new Span<T>((void*)p, checked((int)numel()));
    }

    /// <summary>The single element of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (numel() != 1) throw new InvalidOperationException($"item() needs a tensor with one element, this one has {numel()} (shape {ShapeString(shape)})");
        object v;
        if (typeof(T) == typeof(float)) v = (float)kit_item_double(Handle);
        else if (typeof(T) == typeof(double)) v = kit_item_double(Handle);
        else if (typeof(T) == typeof(long)) v = kit_item_long(Handle);
        else if (typeof(T) == typeof(int)) v = (int)kit_item_long(Handle);
        else if (typeof(T) == typeof(bool)) v = kit_item_long(Handle) != 0;
        else if (typeof(T) == typeof(byte)) v = (byte)kit_item_long(Handle);
        else throw new ArgumentException($"item<{typeof(T).Name}> is not supported; use float, double, long, int, bool or byte");
        TorchException.CheckPending();
        return (T)v;
    }

    private void CheckElementType<T>() where T : unmanaged
    {
        var want = ScalarTypes.Of<T>();
        if (want != dtype)
            throw new ArgumentException($"tensor has dtype {dtype.Name()} but {typeof(T).Name} ({want.Name()}) was requested; convert with .to({want.Name()}) first");
    }

    internal static string ShapeString(long[] s) => "[" + string.Join(", ", s) + "]";

    /// <summary>libtorch's printout of the values.</summary>
    public unsafe string ToString(bool values)
    {
        if (!values || IsDisposed) return ToString();
        var n = kit_tensor_to_string(Handle, null, 0);
        if (n < 0) throw TorchException.FromNative("ToString");
        var buf = new byte[n + 1];
        fixed (byte* p = buf) kit_tensor_to_string(Handle, p, buf.Length);
        return Encoding.UTF8.GetString(buf, 0, n);
    }

    public override string ToString() =>
        IsDisposed ? "tensor(disposed)" : $"tensor(shape={ShapeString(shape)}, dtype={dtype.Name()}, device={device})";

    // ---- copies and conversions ------------------------------------------------------------------------------

    public Tensor clone() => Wrap(kit_clone(Handle));
    public Tensor detach() => Wrap(kit_detach(Handle));
    public Tensor contiguous() => Wrap(kit_contiguous(Handle));

    public Tensor to(ScalarType type, bool copy = false) => to(type, device, copy);

    public Tensor to(Device target, bool copy = false) => to(dtype, target, copy);

    public Tensor to(ScalarType type, Device target, bool copy = false)
    {
        target.EnsureAvailable();
        return Wrap(kit_to(Handle, (int)type, (int)target.Type, target.Index, copy ? 1 : 0));
    }

    public Tensor cpu() => to(Device.CPU);
    public Tensor cuda() => to(Device.CUDA);
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);

    /// <summary>Copies <paramref name="src"/> into this tensor in place (broadcasting, converting type/device).</summary>
    public Tensor copy_(Tensor src)
    {
        TorchException.Check(kit_copy_(Handle, src.Handle));
        return this;
    }

    // ---- autograd ---------------------------------------------------------------------------------------------

    /// <summary>Back-propagates from this tensor (a scalar, or pass <paramref name="gradient"/>).</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false) =>
        TorchException.Check(kit_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain_graph ? 1 : 0));

    /// <summary>Drops the accumulated gradient (zero_grad with set_to_none).</summary>
    public void clear_grad() => TorchException.Check(kit_clear_grad(Handle));

    // ---- in-place initialisers --------------------------------------------------------------------------------

    public Tensor uniform_(double from = 0, double to = 1)
    {
        TorchException.Check(kit_uniform_(Handle, from, to));
        return this;
    }

    public Tensor normal_(double mean = 0, double std = 1)
    {
        TorchException.Check(kit_normal_(Handle, mean, std));
        return this;
    }

    public Tensor fill_(double value)
    {
        TorchException.Check(kit_fill_(Handle, value));
        return this;
    }

    public Tensor zero_() => fill_(0);
}
