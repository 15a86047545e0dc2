using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

public partial class Tensor
{
    /// <summary>Same elements in a new shape (one size may be -1); copies only when the layout requires it.</summary>
    public Tensor reshape(params long[] newShape) => Wrap(kit_reshape(Handle, newShape, newShape.Length));

    /// <summary>Same storage in a new shape; fails on an incompatible layout (call contiguous() or use reshape).</summary>
    public Tensor view(params long[] newShape) => Wrap(kit_view(Handle, newShape, newShape.Length));

    public Tensor permute(params long[] order) => Wrap(kit_permute(Handle, order, order.Length));
    public Tensor transpose(long dim0, long dim1) => Wrap(kit_transpose(Handle, dim0, dim1));

    /// <summary>Transpose of a 2-d tensor (PyTorch's .t(); .T for matrices).</summary>
    public Tensor t() => transpose(0, 1);
    public Tensor mT => transpose(-2, -1);

    public Tensor flatten(long start_dim = 0, long end_dim = -1) => Wrap(kit_flatten(Handle, start_dim, end_dim));
    public Tensor unsqueeze(long dim) => Wrap(kit_unsqueeze(Handle, dim));
    public Tensor squeeze() => Wrap(kit_squeeze(Handle, 0, 1));
    public Tensor squeeze(long dim) => Wrap(kit_squeeze(Handle, dim, 0));
    public Tensor expand(params long[] sizes) => Wrap(kit_expand(Handle, sizes, sizes.Length));
    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor repeat(params long[] repeats) => Wrap(kit_repeat(Handle, repeats, repeats.Length));
    public Tensor flip(params long[] dims) => Wrap(kit_flip(Handle, dims, dims.Length));

    public Tensor roll(long[] shifts, long[] dims)
    {
        if (shifts.Length != dims.Length) throw new ArgumentException($"roll: {shifts.Length} shifts but {dims.Length} dims");
        return Wrap(kit_roll(Handle, shifts, dims, dims.Length));
    }

    public Tensor narrow(long dim, long start, long length) => Wrap(kit_narrow(Handle, dim, start, length));
    public Tensor select(long dim, long index) => Wrap(kit_select(Handle, dim, index));
    public Tensor slice(long dim, long start, long end, long step = 1) => Wrap(kit_slice(Handle, dim, start, end, step));

    /// <summary>Sliding windows of <paramref name="size"/> along <paramref name="dimension"/> (a new last dim).</summary>
    public Tensor unfold(long dimension, long size, long step) => Wrap(kit_unfold(Handle, dimension, size, step));

    /// <summary>Splits into pieces of <paramref name="split_size"/> along dim (the last piece may be smaller).</summary>
    public Tensor[] split(long split_size, long dim = 0)
    {
        if (split_size <= 0) throw new ArgumentOutOfRangeException(nameof(split_size), "split size must be positive");
        var n = size((int)dim);
        var pieces = new List<Tensor>();
        for (long start = 0; start < n; start += split_size) pieces.Add(narrow(dim, start, Math.Min(split_size, n - start)));
        return pieces.ToArray();
    }

    /// <summary>Splits into pieces of the given sizes along dim; they must add up to the dimension's size.</summary>
    public Tensor[] split(long[] split_sizes, long dim = 0)
    {
        var n = size((int)dim);
        if (split_sizes.Sum() != n) throw new ArgumentException($"split sizes add up to {split_sizes.Sum()} but dimension {dim} has size {n}");
        var pieces = new Tensor[split_sizes.Length];
        long start = 0;
        for (var i = 0; i < split_sizes.Length; i++)
        {
            pieces[i] = narrow(dim, start, split_sizes[i]);
            start += split_sizes[i];
        }
        return pieces;
    }

    /// <summary>Splits into <paramref name="chunks"/> pieces of equal size (the last may be smaller), as PyTorch does.</summary>
    public Tensor[] chunk(long chunks, long dim = 0)
    {
        if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), "chunks must be positive");
        var n = size((int)dim);
        return split(Math.Max(1, (n + chunks - 1) / chunks), dim);
    }

    /// <summary>Views of each slice along dim.</summary>
    public Tensor[] unbind(long dim = 0)
    {
        var n = size((int)dim);
        var r = new Tensor[n];
        for (long i = 0; i < n; i++) r[i] = select(dim, i);
        return r;
    }

    public Tensor index_select(long dim, Tensor index) => Wrap(kit_index_select(Handle, dim, index.Handle));
    public Tensor gather(long dim, Tensor index) => Wrap(kit_gather(Handle, dim, index.Handle));
    public Tensor scatter(long dim, Tensor index, Tensor src) => Wrap(kit_scatter(Handle, dim, index.Handle, src.Handle));
    public Tensor scatter(long dim, Tensor index, double value) => Wrap(kit_scatter_value(Handle, dim, index.Handle, value));
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => Wrap(kit_scatter_add(Handle, dim, index.Handle, src.Handle));
    public Tensor index_add(long dim, Tensor index, Tensor source) => Wrap(kit_index_add(Handle, dim, index.Handle, source.Handle));
    public Tensor masked_select(Tensor mask) => Wrap(kit_masked_select(Handle, mask.Handle));
    public Tensor masked_fill(Tensor mask, double value) => Wrap(kit_masked_fill(Handle, mask.Handle, value));
    public Tensor masked_fill(Tensor mask, Tensor value) => Wrap(kit_masked_fill_tensor(Handle, mask.Handle, value.Handle));

    /// <summary>Indices of non-zero elements, shape (count, ndim).</summary>
    public Tensor nonzero() => Wrap(kit_nonzero(Handle));

    public Tensor tril(long diagonal = 0) => Wrap(kit_tril(Handle, diagonal));
    public Tensor triu(long diagonal = 0) => Wrap(kit_triu(Handle, diagonal));

    // ---- indexing with PyTorch semantics: t[.., 0], t[TensorIndex.Slice(1, null, 2)], t[mask] ----------------

    public Tensor this[params TensorIndex[] indices]
    {
        get
        {
            var (kinds, values, tensors) = TensorIndex.Encode(indices);
            return Wrap(kit_index(Handle, kinds, values, tensors, indices.Length), "index");
        }
        set => index_put_(value, indices);
    }

    /// <summary>t[indices] = value, in place.</summary>
    public Tensor index_put_(Tensor value, params TensorIndex[] indices)
    {
        var (kinds, values, tensors) = TensorIndex.Encode(indices);
        TorchException.Check(kit_index_put_(Handle, kinds, values, tensors, indices.Length, value.Handle), "index_put_");
        return this;
    }

    /// <summary>t[indices] = value, in place.</summary>
    public Tensor index_put_(double value, params TensorIndex[] indices)
    {
        var (kinds, values, tensors) = TensorIndex.Encode(indices);
        TorchException.Check(kit_index_put_scalar_(Handle, kinds, values, tensors, indices.Length, value), "index_put_");
        return this;
    }
}

public partial class Tensor
{
    /// <summary>A new handle to the same tensor (same storage, same autograd identity); disposing it leaves this one alive.</summary>
    public Tensor alias() => Wrap(Native.NativeMethods.kit_alias(Handle), "alias");
}
