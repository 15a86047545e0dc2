using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

/// <summary>Invalid operations raise exceptions carrying libtorch's message; none aborts the process.</summary>
public class ErrorTests
{
    [Fact]
    public void ShapeMismatchNamesTheOperationAndShapes()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => ones(2, 3).matmul(ones(4, 5)));
        Assert.Equal("matmul", e.Operation);
        Assert.Contains("2x3", e.Message);
        Assert.Contains("4x5", e.Message);
        Assert.Throws<TorchException>(() => ones(2, 3) + ones(4));
        Assert.Throws<TorchException>(() => ones(6).view(4));
        Assert.Throws<TorchException>(() => cat([ones(2, 3), ones(2, 4)], 0));
    }

    [Fact]
    public void WrongDtypeIsAClearError()
    {
        using var scope = NewDisposeScope();
        var floats = ones(2);
        var ae = Assert.Throws<ArgumentException>(() => floats.ToArray<long>());
        Assert.Contains("float32", ae.Message);
        Assert.Contains("int64", ae.Message);
        Assert.Throws<TorchException>(() => ones(2, 2).index_select(0, ones(1)));
        Assert.Throws<TorchException>(() => nn.functional.cross_entropy(ones(2, 3), ones([2], int32)));
    }

    [Fact]
    public void UsingADisposedTensorIsAClearError()
    {
        var t = ones(2);
        t.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => t.sum());
        Assert.Contains("disposed", e.Message);
        Tensor kept;
        using (var scope = NewDisposeScope()) kept = ones(3);
        Assert.True(kept.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => kept.shape);
    }

    [Fact]
    public void OutOfRangeIndexAndDimensionErrors()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<TorchException>(() => ones(2)[5]);
        Assert.Throws<TorchException>(() => ones(2).sum(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ones(2).size(4));
        Assert.Throws<ArgumentException>(() => zeros([2, -1]));
        Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, [2, 2]));
    }

    [Fact]
    public void TheProcessSurvivesManyNativeErrorsAndKeepsWorking()
    {
        for (var i = 0; i < 200; i++)
            Assert.Throws<TorchException>(() => { using var s = NewDisposeScope(); ones(2, 3).matmul(ones(2, 3)); });
        using var ok = ones(2, 3).matmul(ones(3, 1));
        Assert.Equal(new float[] { 3, 3 }, ok.flatten().ToArray<float>());
    }

    [Fact]
    public void BackwardOnANonScalarWithoutGradientIsAnError()
    {
        using var scope = NewDisposeScope();
        var x = ones([3], requires_grad: true);
        Assert.Contains("scalar", Assert.Throws<TorchException>(() => (x * 2).backward()).Message);
        Assert.Throws<TorchException>(() => ones(2).sum().backward()); // no grad_fn
    }
}
