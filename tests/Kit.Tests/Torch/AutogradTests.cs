using Kit.Torch;
using static Kit.Torch.torch;
using F = Kit.Torch.torch.nn.functional;

namespace Kit.Tests.Torch;

/// <summary>Analytic gradients from libtorch's autograd against central finite differences in float64.</summary>
public class AutogradTests
{
    private static void CheckGradient(Func<Tensor, Tensor> f, long[] shape, double tol = 1e-6)
    {
        manual_seed(7);
        using var x = randn(shape, float64).requires_grad_();
        using (var scope = NewDisposeScope()) f(x).backward();
        using var g = x.grad!;
        var analytic = g.ToArray<double>();
        var x0 = x.detach().ToArray<double>();
        const double h = 1e-6;
        for (var i = 0; i < x0.Length; i++)
        {
            using var scope = NewDisposeScope();
            using var ng = no_grad();
            var plus = (double[])x0.Clone();
            plus[i] += h;
            var minus = (double[])x0.Clone();
            minus[i] -= h;
            var fp = f(tensor(plus, shape)).item<double>();
            var fm = f(tensor(minus, shape)).item<double>();
            TestUtil.Close((fp - fm) / (2 * h), analytic[i], tol, $"d/dx[{i}]");
        }
    }

    [Fact]
    public void MatmulSoftmaxChain() =>
        CheckGradient(x => F.softmax(x.matmul(x.transpose(0, 1)), -1).mul(tensor(new double[] { 1, 2, 3 })).sum(), [3, 4]);

    [Fact]
    public void LayerNormGeluLinear()
    {
        using var w = arange(0, 12, 1, float64).reshape(3, 4).div(10);
        CheckGradient(x => F.linear(F.gelu(F.layer_norm(x, [4])), w).square().mean(), [2, 4]);
    }

    [Fact]
    public void Conv2dAndPooling()
    {
        using var k = arange(0, 9, 1, float64).reshape(1, 1, 3, 3).sub(4).div(5);
        CheckGradient(x => F.avg_pool2d(F.conv2d(x, k, padding: [1]).tanh(), [2]).sum(), [1, 1, 4, 4]);
    }

    [Fact]
    public void GridSampleAndIndexing() =>
        CheckGradient(x => F.grid_sample(x[TensorIndex.Ellipsis, .., 1..].contiguous(), full([1, 2, 2, 2], 0.3, float64), align_corners: true).sum(), [1, 1, 3, 4]);

    [Fact]
    public void CrossEntropyWithSmoothing() =>
        CheckGradient(x => F.cross_entropy(x, tensor(new long[] { 2, 0 }), label_smoothing: 0.1), [2, 3]);

    [Fact]
    public void NoGradDetachAndRequiresGrad()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        Assert.True((x * 2).requires_grad);
        using (no_grad()) Assert.False((x * 2).requires_grad);
        Assert.True(is_grad_enabled());
        Assert.False((x * 2).detach().requires_grad);
        Assert.Null(x.grad);
        (x * 3).sum().backward();
        Assert.Equal(new float[] { 3, 3 }, x.grad!.ToArray<float>());
        (x * 3).sum().backward();
        Assert.Equal(new float[] { 6, 6 }, x.grad!.ToArray<float>()); // accumulates, as in PyTorch
        x.clear_grad();
        Assert.Null(x.grad);
    }
}
