using Kit.Torch.Native;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>Reductions, sorting and selection. dims == null (or empty) reduces over every dimension.</summary>
public partial class Tensor
{
    private Tensor Reduce(ReduceOp op, long[]? dims, bool keepdim, ScalarType? type, string name) =>
        Wrap(kit_reduce((int)op, Handle, dims, dims?.Length ?? 0, keepdim ? 1 : 0, type.HasValue ? (int)type.Value : -1), name);

    // No sum(ScalarType) overload: a literal 0 converts to any enum, so t.sum(0) would silently pick it over sum(dim).
    // Sum everything in another type with sum(Array.Empty<long>(), dtype: ...).
    public Tensor sum() => Reduce(ReduceOp.Sum, null, false, null, "sum");
    public Tensor sum(long dim, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Sum, [dim], keepdim, dtype, "sum");
    public Tensor sum(long[] dims, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Sum, dims, keepdim, dtype, "sum");
    public Tensor mean() => Reduce(ReduceOp.Mean, null, false, null, "mean");
    public Tensor mean(long dim, bool keepdim = false) => Reduce(ReduceOp.Mean, [dim], keepdim, null, "mean");
    public Tensor mean(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Mean, dims, keepdim, null, "mean");
    public Tensor prod() => Reduce(ReduceOp.Prod, null, false, null, "prod");
    public Tensor prod(long dim, bool keepdim = false) => Reduce(ReduceOp.Prod, [dim], keepdim, null, "prod");
    public Tensor amax(params long[] dims) => Reduce(ReduceOp.Amax, dims, false, null, "amax");
    public Tensor amax(long[] dims, bool keepdim) => Reduce(ReduceOp.Amax, dims, keepdim, null, "amax");
    public Tensor amin(params long[] dims) => Reduce(ReduceOp.Amin, dims, false, null, "amin");
    public Tensor amin(long[] dims, bool keepdim) => Reduce(ReduceOp.Amin, dims, keepdim, null, "amin");
    public Tensor all() => Reduce(ReduceOp.All, null, false, null, "all");
    public Tensor all(long dim, bool keepdim = false) => Reduce(ReduceOp.All, [dim], keepdim, null, "all");
    public Tensor any() => Reduce(ReduceOp.Any, null, false, null, "any");
    public Tensor any(long dim, bool keepdim = false) => Reduce(ReduceOp.Any, [dim], keepdim, null, "any");
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepdim, null, "logsumexp");

    /// <summary>Variance; unbiased divides by N-1 (Bessel), as torch.var does by default.</summary>
    public Tensor var(bool unbiased = true) => Wrap(kit_var_std(Handle, null, 0, unbiased ? 1 : 0, 0, 0), "var");
    public Tensor var(long[] dims, bool unbiased = true, bool keepdim = false) => Wrap(kit_var_std(Handle, dims, dims.Length, unbiased ? 1 : 0, keepdim ? 1 : 0, 0), "var");
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim);
    public Tensor std(bool unbiased = true) => Wrap(kit_var_std(Handle, null, 0, unbiased ? 1 : 0, 0, 1), "std");
    public Tensor std(long[] dims, bool unbiased = true, bool keepdim = false) => Wrap(kit_var_std(Handle, dims, dims.Length, unbiased ? 1 : 0, keepdim ? 1 : 0, 1), "std");
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => std([dim], unbiased, keepdim);

    /// <summary>p-norm over all elements or over dims.</summary>
    public Tensor norm(double p = 2) => Wrap(kit_norm(Handle, p, null, 0, 0), "norm");
    public Tensor norm(double p, long[] dims, bool keepdim = false) => Wrap(kit_norm(Handle, p, dims, dims.Length, keepdim ? 1 : 0), "norm");

    /// <summary>Largest element.</summary>
    public Tensor max() => Reduce(ReduceOp.Amax, null, false, null, "max");
    public Tensor min() => Reduce(ReduceOp.Amin, null, false, null, "min");

    /// <summary>Largest values along dim and where they are.</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => MaxMin(dim, keepdim, false, "max");
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => MaxMin(dim, keepdim, true, "min");

    private (Tensor, Tensor) MaxMin(long dim, bool keepdim, bool isMin, string name)
    {
        TorchException.Check(kit_max_dim(Handle, dim, keepdim ? 1 : 0, isMin ? 1 : 0, out var v, out var i), name);
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor argmax() => Wrap(kit_argmax(Handle, 0, 0, 0, 0), "argmax");
    public Tensor argmax(long dim, bool keepdim = false) => Wrap(kit_argmax(Handle, dim, 1, keepdim ? 1 : 0, 0), "argmax");
    public Tensor argmin() => Wrap(kit_argmax(Handle, 0, 0, 0, 1), "argmin");
    public Tensor argmin(long dim, bool keepdim = false) => Wrap(kit_argmax(Handle, dim, 1, keepdim ? 1 : 0, 1), "argmin");

    /// <summary>The k largest (or smallest) values along dim with their indices.</summary>
    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        TorchException.Check(kit_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, out var v, out var i), "topk");
        return (new Tensor(v), new Tensor(i));
    }

    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false)
    {
        TorchException.Check(kit_sort(Handle, dim, descending ? 1 : 0, stable ? 1 : 0, out var v, out var i), "sort");
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor argsort(long dim = -1, bool descending = false, bool stable = false)
    {
        var (values, indices) = sort(dim, descending, stable);
        values.Dispose();
        return indices;
    }

    /// <summary>Median of all elements (the lower of the two middle values for an even count, as PyTorch).</summary>
    public Tensor median() => Wrap(kit_median(Handle), "median");

    public (Tensor values, Tensor indices) median(long dim, bool keepdim = false)
    {
        TorchException.Check(kit_median_dim(Handle, dim, keepdim ? 1 : 0, out var v, out var i), "median");
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor cumsum(long dim) => Wrap(kit_cumsum(Handle, dim), "cumsum");
}
