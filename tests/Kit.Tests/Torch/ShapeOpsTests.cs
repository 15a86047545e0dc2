using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class ShapeOpsTests
{
    private static Tensor Range(params long[] shape) => arange(0, shape.Aggregate(1L, (a, b) => a * b), 1, float32).reshape(shape);

    [Fact]
    public void ReshapeViewPermuteTransposeFlatten()
    {
        using var scope = NewDisposeScope();
        var t = Range(2, 3, 4);
        TestUtil.Shape(t.view(6, 4), 6, 4);
        TestUtil.Shape(t.reshape(-1, 2), 12, 2);
        var p = t.permute(2, 0, 1);
        TestUtil.Shape(p, 4, 2, 3);
        Assert.Equal(t[1, 2, 3].item<float>(), p[3, 1, 2].item<float>());
        Assert.False(p.is_contiguous());
        Assert.True(p.contiguous().is_contiguous());
        Assert.Throws<TorchException>(() => p.view(24));
        TestUtil.Shape(t.transpose(0, 2), 4, 3, 2);
        TestUtil.Shape(t.flatten(1), 2, 12);
        TestUtil.Shape(t.unsqueeze(1), 2, 1, 3, 4);
        TestUtil.Shape(t.unsqueeze(1).squeeze(1), 2, 3, 4);
        TestUtil.Shape(ones(1, 3, 1).squeeze(), 3);
        TestUtil.Shape(ones(1, 3).expand(5, 3), 5, 3);
        TestUtil.Shape(ones(2, 3).repeat(2, 2), 4, 6);
    }

    [Fact]
    public void CatStackSplitChunkNarrow()
    {
        using var scope = NewDisposeScope();
        var a = Range(2, 3);
        var b = Range(2, 3) + 6;
        var c = cat([a, b], 0);
        TestUtil.Shape(c, 4, 3);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), c.ToArray<float>());
        TestUtil.Shape(stack([a, b], 1), 2, 2, 3);
        var parts = Range(10).split(4);
        Assert.Equal(new long[] { 4, 4, 2 }, parts.Select(x => x.size(0)));
        var sized = Range(10).split([3, 7]);
        Assert.Equal(new float[] { 3, 4, 5, 6, 7, 8, 9 }, sized[1].ToArray<float>());
        Assert.Equal(new long[] { 4, 4, 2 }, Range(10).chunk(3).Select(x => x.size(0)));
        Assert.Equal(new float[] { 2, 3 }, Range(10).narrow(0, 2, 2).ToArray<float>());
        Assert.Equal(3, Range(3, 2).unbind(0).Length);
    }

    [Fact]
    public void IndexingFollowsPythonSemantics()
    {
        using var scope = NewDisposeScope();
        var t = Range(3, 4);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, t[1].ToArray<float>());
        Assert.Equal(new float[] { 1, 5, 9 }, t[.., 1].ToArray<float>());
        Assert.Equal(new float[] { 8, 9, 10, 11 }, t[^1].ToArray<float>());
        Assert.Equal(new float[] { 5, 6, 9, 10 }, t[1.., 1..3].ToArray<float>());
        Assert.Equal(new float[] { 0, 2, 8, 10 }, t[TensorIndex.Slice(null, null, 2), TensorIndex.Slice(0, 4, 2)].ToArray<float>());
        TestUtil.Shape(t[TensorIndex.None, TensorIndex.Ellipsis], 1, 3, 4);
        Assert.Equal(new float[] { 3, 7, 11 }, t[TensorIndex.Ellipsis, -1].ToArray<float>());
        var idx = tensor(new long[] { 2, 0 });
        Assert.Equal(new float[] { 8, 9, 10, 11, 0, 1, 2, 3 }, t[idx].ToArray<float>());
        var mask = t > 9;
        Assert.Equal(new float[] { 10, 11 }, t[mask].ToArray<float>());
        t[mask] = zeros(2);
        Assert.Equal(0f, t[2, 3].item<float>());
        t.index_put_(-1, 0, ..);
        Assert.Equal(new float[] { -1, -1, -1, -1 }, t[0].ToArray<float>());
    }

    [Fact]
    public void GatherScatterIndexSelectMaskedOpsWhereNonzero()
    {
        using var scope = NewDisposeScope();
        var t = Range(2, 3);
        var idx = tensor(new long[] { 2, 0, 1, 1 }, [2, 2]);
        Assert.Equal(new float[] { 2, 0, 4, 4 }, t.gather(1, idx).ToArray<float>());
        Assert.Equal(new float[] { 2, 0, 5, 3 }, t.index_select(1, tensor(new long[] { 2, 0 })).ToArray<float>());
        var s = zeros(2, 3).scatter(1, tensor(new long[] { 1, 2 }, [2, 1]), ones(2, 1));
        Assert.Equal(new float[] { 0, 1, 0, 0, 0, 1 }, s.ToArray<float>());
        var sa = zeros(3).scatter_add(0, tensor(new long[] { 0, 0, 2 }), ones(3));
        Assert.Equal(new float[] { 2, 0, 1 }, sa.ToArray<float>());
        Assert.Equal(new float[] { 3, 4, 5 }, t.masked_select(t >= 3).ToArray<float>());
        Assert.Equal(new float[] { 0, 1, 2, 9, 9, 9 }, t.masked_fill(t >= 3, 9).ToArray<float>());
        Assert.Equal(new float[] { 0, 1, 2, -1, -1, -1 }, where(t < 3, t, -1).ToArray<float>());
        Assert.Equal(new long[] { 1, 1, 1, 2 }, t.gt(3.5).nonzero().ToArray<long>());
    }

    [Fact]
    public void FlipRollTrilUnfold()
    {
        using var scope = NewDisposeScope();
        var t = Range(4);
        Assert.Equal(new float[] { 3, 2, 1, 0 }, t.flip(0).ToArray<float>());
        Assert.Equal(new float[] { 3, 0, 1, 2 }, t.roll([1], [0]).ToArray<float>());
        TestUtil.Shape(Range(6).unfold(0, 2, 2), 3, 2);
        Assert.Equal(new float[] { 1, 0, 1, 1 }, ones(2, 2).tril().ToArray<float>());
    }
}
