using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Settings of the on-device flow estimator.</summary>
/// <param name="Levels">pyramid levels (each halves the size; stops early when a side would drop below 8 pixels).</param>
/// <param name="Iterations">Lucas-Kanade refinements per level.</param>
/// <param name="Window">side of the square window the normal equations are summed over (odd).</param>
/// <param name="Regularization">added to the diagonal of the 2x2 structure tensor (keeps flat regions at zero motion).</param>
public sealed record OnlineFlowConfig(int Levels = 3, int Iterations = 3, int Window = 9, double Regularization = 1e-3);

/// <summary>
/// Coarse-to-fine iterative Lucas-Kanade with tensor ops only (conv2d gradients, box sums by avg_pool2d, warping by
/// grid_sample), so MGMAE's motion-guided masking can estimate flow inside the training loop on the GPU. Not
/// differentiated; a cheap stand-in for the release's RAFT.
/// </summary>
public sealed class OnlineFlow(OnlineFlowConfig config)
{
    public OnlineFlowConfig Config { get; } = config.Window % 2 == 1 && config.Window >= 3 && config.Levels >= 1 && config.Iterations >= 1
        ? config
        : throw new ArgumentOutOfRangeException(nameof(config), $"online flow needs an odd Window >= 3, Levels >= 1 and Iterations >= 1, got {config}");

    /// <summary>Flow from <paramref name="from"/> to <paramref name="to"/>: to(x + F(x)) ~ from(x).</summary>
    /// <param name="from">(N, C, H, W) images in [0, 1]</param>
    /// <param name="to">(N, C, H, W)</param>
    /// <returns>(N, 2, H, W) in pixels</returns>
    public Tensor Estimate(Tensor from, Tensor to)
    {
        using var scope = NewDisposeScope();
        var a = new List<Tensor> { from.mean(1, keepdim: true) };
        var b = new List<Tensor> { to.mean(1, keepdim: true) };
        for (var l = 1; l < Config.Levels && a[^1].size(2) >= 16 && a[^1].size(3) >= 16; l++)
        {
            a.Add(nn.functional.avg_pool2d(a[^1], [2, 2]));
            b.Add(nn.functional.avg_pool2d(b[^1], [2, 2]));
        }
        Tensor? flow = null;
        for (var l = a.Count - 1; l >= 0; l--)
        {
            var (h, w) = (a[l].size(2), a[l].size(3));
            var next = flow is null
                ? zeros([a[l].size(0), 2, h, w], float32, from.device)
                : Scoped(() => nn.functional.interpolate(flow, [h, w], "bilinear", align_corners: false) * 2);
            flow?.Dispose();
            flow = next;
            for (var i = 0; i < Config.Iterations; i++)
            {
                next = Scoped(() => flow + Step(a[l], b[l], flow));
                flow.Dispose();
                flow = next;
            }
        }
        return scope.MoveToOuter(flow!);
    }

    /// <summary>Runs <paramref name="f"/> in its own dispose scope and keeps only its result: every temporary is freed
    /// before the next step allocates, so the steps reuse the same memory instead of touching fresh pages.</summary>
    private static Tensor Scoped(Func<Tensor> f)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(f());
    }

    /// <summary>One Lucas-Kanade update: solve [Sxx Sxy; Sxy Syy] d = -[Sxt; Syt] per pixel.</summary>
    private Tensor Step(Tensor i0, Tensor i1, Tensor flow)
    {
        var warped = FlowOps.Warp(i1, flow);
        var avg = (i0 + warped) * 0.5;
        var padded = nn.functional.pad(avg, [1, 1, 1, 1], "replicate");
        var kx = tensor(new float[] { -0.5f, 0, 0.5f }, [1, 1, 1, 3], i0.device);
        var ky = tensor(new float[] { -0.5f, 0, 0.5f }, [1, 1, 3, 1], i0.device);
        var ix = nn.functional.conv2d(padded.narrow(2, 1, avg.size(2)), kx);
        var iy = nn.functional.conv2d(padded.narrow(3, 1, avg.size(3)), ky);
        var it = warped - i0;
        var wnd = Config.Window;
        // the five products of the normal equations, box-summed in one pass
        var sums = BoxFilter.Mean(cat([ix * ix, iy * iy, ix * iy, ix * it, iy * it], 1), (wnd, wnd), (wnd / 2, wnd / 2));
        var sxx = sums.narrow(1, 0, 1) + Config.Regularization;
        var syy = sums.narrow(1, 1, 1) + Config.Regularization;
        var sxy = sums.narrow(1, 2, 1);
        var sxt = sums.narrow(1, 3, 1);
        var syt = sums.narrow(1, 4, 1);
        var det = sxx * syy - sxy * sxy;
        var du = -(syy * sxt - sxy * syt) / det;
        var dv = -(sxx * syt - sxy * sxt) / det;
        // one step never moves more than a pixel at this level: keeps ill-conditioned windows from exploding
        return cat([du, dv], 1).clamp(-1, 1);
    }
}
