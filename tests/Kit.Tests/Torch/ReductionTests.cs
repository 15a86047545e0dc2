using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class ReductionTests
{
    private static readonly double[] Values = [3, 1, 4, 1, 5, 9, 2, 6];

    [Fact]
    public void SumMeanOverAllAndDims()
    {
        using var scope = NewDisposeScope();
        var t = tensor(Values, [2, 4]);
        TestUtil.Close(31, t.sum().item<double>());
        TestUtil.Close(31 / 8.0, t.mean().item<double>());
        TestUtil.Close(new double[] { 9, 22 }, t.sum(1).ToArray<double>());
        TestUtil.Shape(t.sum(1, keepdim: true), 2, 1);
        TestUtil.Close(new double[] { 4, 5, 3, 3.5 }, t.mean(0).ToArray<double>());
        TestUtil.Close(31, t.sum([0L, 1L]).item<double>());
        // A literal 0 is a dimension, not a dtype (C# converts 0 to any enum).
        TestUtil.Close(new double[] { 8, 10, 6, 7 }, t.sum(0).ToArray<double>());
        Assert.Equal(ScalarType.Float32, t.sum([], dtype: float32).dtype);
    }

    [Fact]
    public void VarianceAndStdHonourTheUnbiasedFlag()
    {
        using var scope = NewDisposeScope();
        var t = tensor(Values);
        var mean = Values.Average();
        var ss = Values.Sum(v => (v - mean) * (v - mean));
        TestUtil.Close(ss / 7, t.var().item<double>(), 1e-12);
        TestUtil.Close(ss / 8, t.var(unbiased: false).item<double>(), 1e-12);
        TestUtil.Close(Math.Sqrt(ss / 7), t.std().item<double>(), 1e-12);
        var m = tensor(Values, [2, 4]);
        var row0 = Values.Take(4).ToArray();
        var m0 = row0.Average();
        TestUtil.Close(row0.Sum(v => (v - m0) * (v - m0)) / 3, m.var(1L)[0].item<double>(), 1e-12);
    }

    [Fact]
    public void MaxMinArgmaxTopkSortMedianCumsum()
    {
        using var scope = NewDisposeScope();
        var t = tensor(Values, [2, 4]);
        Assert.Equal(9, t.max().item<double>());
        Assert.Equal(1, t.min().item<double>());
        var (v, i) = t.max(1);
        Assert.Equal(new double[] { 4, 9 }, v.ToArray<double>());
        Assert.Equal(new long[] { 2, 1 }, i.ToArray<long>());
        Assert.Equal(5L, t.argmax().item<long>());
        Assert.Equal(new long[] { 1, 2 }, t.argmin(1).ToArray<long>());
        var (tv, ti) = tensor(Values).topk(3);
        Assert.Equal(new double[] { 9, 6, 5 }, tv.ToArray<double>());
        Assert.Equal(new long[] { 5, 7, 4 }, ti.ToArray<long>());
        var (sv, _) = tensor(Values).sort(descending: true);
        Assert.Equal(Values.OrderDescending().ToArray(), sv.ToArray<double>());
        Assert.Equal(new long[] { 1, 3, 6, 0, 2, 4, 7, 5 }, tensor(Values).argsort(stable: true).ToArray<long>());
        Assert.Equal(3, tensor(Values).median().item<double>()); // lower middle of 1,1,2,3,4,5,6,9
        var (mv, _) = tensor(Values, [2, 4]).median(1);
        Assert.Equal(new double[] { 1, 5 }, mv.ToArray<double>());
        Assert.Equal(new double[] { 3, 4, 8, 9 }, tensor(Values.Take(4).ToArray()).cumsum(0).ToArray<double>());
    }

    [Fact]
    public void AllAnyOverDims()
    {
        using var scope = NewDisposeScope();
        var b = tensor(new[] { true, false, true, true }, [2, 2]);
        Assert.False(b.all().item<bool>());
        Assert.True(b.any().item<bool>());
        Assert.Equal(new[] { false, true }, b.all(1).ToArray<bool>());
    }
}
