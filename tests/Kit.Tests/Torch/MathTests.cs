using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class MathTests
{
    [Fact]
    public void ElementwiseOperatorsBroadcast()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3 }, [3, 1]);
        var b = tensor(new float[] { 10, 20 }, [1, 2]);
        var s = a + b;
        TestUtil.Shape(s, 3, 2);
        Assert.Equal(new float[] { 11, 21, 12, 22, 13, 23 }, s.ToArray<float>());
        Assert.Equal(new float[] { -9, -19, -8, -18, -7, -17 }, (a - b).ToArray<float>());
        Assert.Equal(new float[] { 10, 20, 20, 40, 30, 60 }, (a * b).ToArray<float>());
        Assert.Equal(new float[] { 0.5f, 1, 1.5f }, (a / 2).flatten().ToArray<float>());
        Assert.Equal(new float[] { 0, -1, -2 }, (1 - a).flatten().ToArray<float>());
        Assert.Equal(new float[] { 6, 3, 2 }, (6 / a).flatten().ToArray<float>());
        Assert.Equal(new float[] { -1, -2, -3 }, (-a).flatten().ToArray<float>());
        Assert.Equal(new float[] { 1, 4, 9 }, a.pow(2).flatten().ToArray<float>());
        Assert.Equal(new float[] { 2, 4, 8 }, Tensor.pow(2, a).flatten().ToArray<float>());
    }

    [Fact]
    public void IntegerTensorsStayIntegerWithWholeScalars()
    {
        using var scope = NewDisposeScope();
        var t = tensor(new long[] { 1, 2, 3 });
        Assert.Equal(ScalarType.Int64, (t + 1).dtype);
        Assert.Equal(ScalarType.Float32, (t * 0.5).dtype);
        Assert.Equal(new long[] { 0, 1, 1 }, t.floor_divide(2).ToArray<long>());
    }

    [Fact]
    public void ComparisonsAndLogicalOps()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3 });
        Assert.Equal(new[] { false, false, true }, (a > 2).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (a <= 2).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, a.eq(2).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, ((a > 1) & (a < 3)).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, ((a < 2) | (a > 2)).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (!(a > 2)).ToArray<bool>());
    }

    [Fact]
    public void UnaryFunctionsMatchMath()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -1.5, 0.25, 2 });
        TestUtil.Close(new[] { 1.5, 0.25, 2 }, x.abs().ToArray<double>());
        TestUtil.Close(x.ToArray<double>().Select(Math.Exp).ToArray(), x.exp().ToArray<double>());
        TestUtil.Close(x.ToArray<double>().Select(Math.Tanh).ToArray(), x.tanh().ToArray<double>());
        TestUtil.Close(x.ToArray<double>().Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), x.sigmoid().ToArray<double>());
        TestUtil.Close(new[] { -2.0, 0, 2 }, x.floor().ToArray<double>());
        TestUtil.Close(new[] { -1.0, 0.25, 1 }, x.clamp(-1, 1).ToArray<double>());
        var y = tensor(new double[] { 1, -1 });
        var xx = tensor(new double[] { -1, -1 });
        TestUtil.Close(new[] { Math.Atan2(1, -1), Math.Atan2(-1, -1) }, atan2(y, xx).ToArray<double>());
    }

    [Fact]
    public void InPlaceOpsModifyTheTensor()
    {
        using var t = ones(3);
        t.mul_(4).add_(1).sqrt_();
        Assert.Equal(new float[] { 2.236068f, 2.236068f, 2.236068f }, t.ToArray<float>());
    }

    [Fact]
    public void MatmulBmmEinsum()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }, [3, 2]);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, a.matmul(b).ToArray<float>());
        Assert.Equal(new float[] { 58, 64, 139, 154 }, einsum("ij,jk->ik", a, b).ToArray<float>());
        var ba = stack([a, a]);
        var bb = stack([b, b]);
        TestUtil.Shape(ba.bmm(bb), 2, 2, 2);
        Assert.Equal(new float[] { 14, 77 }, einsum("ij,ij->i", a, a).ToArray<float>());
    }
}
