namespace Kit.Torch;

/// <summary>
/// One index of a tensor subscript, as in Python: an integer, a slice (C# ranges work: <c>t[.., 1..3]</c>), an
/// ellipsis, a new axis, a boolean or an index/mask tensor. Negative values count from the end.
/// </summary>
public readonly struct TensorIndex
{
    private const long Omitted = long.MinValue;

    private TensorIndex(int kind, long a = 0, long b = Omitted, long c = Omitted, Tensor? tensor = null)
    {
        Kind = kind;
        A = a;
        B = b;
        C = c;
        Tensor = tensor;
    }

    internal int Kind { get; }
    internal long A { get; }
    internal long B { get; }
    internal long C { get; }
    internal Tensor? Tensor { get; }

    public static TensorIndex Single(long i) => new(0, i);

    /// <summary>start:stop:step; null leaves a part out.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null) =>
        new(1, start ?? Omitted, stop ?? Omitted, step ?? Omitted);

    public static TensorIndex Colon => Slice();
    public static TensorIndex Ellipsis => new(2);

    /// <summary>A new axis of size one (Python's None).</summary>
    public static TensorIndex None => new(3);

    public static TensorIndex Bool(bool b) => new(5, b ? 1 : 0);
    public static TensorIndex FromTensor(Tensor t) => new(4, tensor: t);

    public static implicit operator TensorIndex(long i) => Single(i);
    public static implicit operator TensorIndex(int i) => Single(i);
    public static implicit operator TensorIndex(bool b) => Bool(b);
    public static implicit operator TensorIndex(Tensor t) => FromTensor(t);
    public static implicit operator TensorIndex(Index i) => Single(i.IsFromEnd ? -i.Value : i.Value);

    public static implicit operator TensorIndex(Range r)
    {
        long? start = r.Start.IsFromEnd ? (r.Start.Value == 0 ? null : -r.Start.Value) : r.Start.Value;
        if (start == 0) start = null;
        long? stop = r.End.IsFromEnd ? (r.End.Value == 0 ? null : -r.End.Value) : r.End.Value;
        return Slice(start, stop);
    }

    internal static (int[] kinds, long[] values, IntPtr[] tensors) Encode(TensorIndex[] indices)
    {
        var kinds = new int[indices.Length];
        var values = new long[indices.Length * 3];
        var tensors = new IntPtr[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var x = indices[i];
            kinds[i] = x.Kind;
            values[3 * i] = x.A;
            values[3 * i + 1] = x.B;
            values[3 * i + 2] = x.C;
            tensors[i] = x.Tensor?.Handle ?? IntPtr.Zero;
        }
        return (kinds, values, tensors);
    }
}
