using Kit.Torch;
using Kit.Torch.Optim;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

/// <summary>
/// AdamW's multi-tensor update (libtorch's _foreach ops; fused on CUDA with libtorch 2.x) against its per-parameter
/// form: on CPU the _foreach ops run the same per-tensor operations in the same order, so the numbers are identical,
/// across parameter groups with their own lr and weight decay and parameters whose step counts differ.
/// </summary>
public class AdamWMultiTensorTests
{
    private static (Parameter[] Ps, AdamW Opt) Make(bool multi, Device device)
    {
        manual_seed(11);
        var ps = new[] { new Parameter(randn(5, 3).to(device)), new Parameter(randn(4).to(device)), new Parameter(randn(2, 2).to(device)) };
        var groups = new[] { new ParamGroup([ps[0], ps[1]]), new ParamGroup([ps[2]], lr: 3e-2, weight_decay: 0) };
        return (ps, new AdamW(groups, lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: 0.05, multi_tensor: multi));
    }

    private static float[][] Train(bool multi, Device device, out bool fused)
    {
        var (ps, opt) = Make(multi, device);
        using (opt)
        {
            for (var step = 0; step < 6; step++)
            {
                using var scope = NewDisposeScope();
                manual_seed(100 + (ulong)step);
                // Parameter 1 gets no gradient on odd steps, so its step count falls behind the others'.
                var loss = (ps[0].pow(2) * randn(5, 3).to(device)).sum() + (ps[2] * randn(2, 2).to(device)).sum().pow(2);
                if (step % 2 == 0) loss = loss + ps[1].sin().sum();
                loss.backward();
                opt.step();
                opt.zero_grad();
            }
            fused = opt.LastStepFused;
        }
        return ps.Select(p => p.to(Device.CPU).ToArray<float>()).ToArray();
    }

    [Fact]
    public void MultiTensorUpdateEqualsPerParameterUpdateOnCpu()
    {
        var single = Train(multi: false, Device.CPU, out _);
        var multi = Train(multi: true, Device.CPU, out var fused);
        Assert.False(fused);
        for (var i = 0; i < single.Length; i++) Assert.Equal(single[i], multi[i]);
    }

    [CudaFact]
    public void CudaMultiTensorOrFusedUpdateMatchesPerParameterUpdate()
    {
        var single = Train(multi: false, Device.CUDA, out _);
        var multi = Train(multi: true, Device.CUDA, out var fused);
        Assert.Equal(int.Parse(version.Split('.')[0]) >= 2, fused);
        // The fused kernel computes in its own order (float32 rounding, a few ulps per step).
        for (var i = 0; i < single.Length; i++) TestUtil.Close(single[i], multi[i], 1e-5);
    }
}
