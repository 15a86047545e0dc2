using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

/// <summary>libtorch's autocast through <see cref="Autocast"/>: which ops change dtype, and that leaving restores the state.</summary>
public class AutocastTests
{
    [Fact]
    public void CpuBf16RegionRunsMatmulsInBfloat16AndLossesInFloat32()
    {
        using var scope = NewDisposeScope();
        var a = randn(4, 8);
        var w = randn(3, 8);
        using (autocast(DeviceType.CPU, bfloat16))
        {
            Assert.True(Autocast.IsEnabled(DeviceType.CPU));
            var y = nn.functional.linear(a, w, null);
            Assert.Equal(ScalarType.BFloat16, y.dtype);
            Assert.Equal(ScalarType.BFloat16, a.matmul(w.t()).dtype);
            // mse_loss is on autocast's float32 list (softmax and layer_norm are not, on CPU in 1.13: they keep bf16,
            // as PyTorch 1.13's torch.autocast("cpu") does)
            Assert.Equal(ScalarType.Float32, nn.functional.mse_loss(y, zeros(4, 3)).dtype);
            // the inputs themselves are untouched
            Assert.Equal(ScalarType.Float32, a.dtype);
        }
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        Assert.Equal(ScalarType.Float32, nn.functional.linear(a, w, null).dtype);
    }

    [Fact]
    public void Bf16ResultIsTheFloat32ResultRoundedToBfloat16Precision()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var a = randn(16, 64);
        var b = randn(64, 16);
        var exact = a.matmul(b);
        Tensor low;
        using (autocast(DeviceType.CPU, bfloat16)) low = a.matmul(b);
        var err = (low.to(float32) - exact).abs().max().item<float>();
        var scale = exact.abs().max().item<float>();
        // bfloat16 keeps 8 significant bits: inputs and output rounded at 2^-9 relative, 64-term sums of products.
        Assert.InRange(err / scale, 1e-5, 0.05);
    }

    [Fact]
    public void NestedRegionsRestoreTheOuterState()
    {
        using (autocast(DeviceType.CPU, bfloat16))
        {
            using (autocast(DeviceType.CPU, bfloat16, enabled: false)) Assert.False(Autocast.IsEnabled(DeviceType.CPU));
            Assert.True(Autocast.IsEnabled(DeviceType.CPU));
        }
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
    }

    [Fact]
    public void GradientsOfFloat32ParametersStayFloat32()
    {
        using var scope = NewDisposeScope();
        var w = randn([3, 8], requires_grad: true);
        var x = randn(4, 8);
        Tensor loss;
        using (autocast(DeviceType.CPU, bfloat16)) loss = nn.functional.linear(x, w, null).to(float32).pow(2).mean();
        loss.backward();
        Assert.Equal(ScalarType.Float32, w.grad!.dtype);
    }

    [Fact]
    public void RejectsDtypesAutocastDoesNotUse() =>
        Assert.Throws<ArgumentException>(() => autocast(DeviceType.CPU, float64));
}
