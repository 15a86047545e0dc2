using Kit.Torch;
using static Kit.Torch.torch;
using F = Kit.Torch.torch.nn.functional;

namespace Kit.Tests.Torch;

public class FunctionalTests
{
    [Fact]
    public void SoftmaxAndLogSoftmax()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 3 });
        var e = new[] { Math.Exp(1), Math.Exp(2), Math.Exp(3) };
        var z = e.Sum();
        TestUtil.Close(e.Select(v => v / z).ToArray(), F.softmax(x, 0).ToArray<double>(), 1e-12);
        TestUtil.Close(e.Select(v => Math.Log(v / z)).ToArray(), F.log_softmax(x, 0).ToArray<double>(), 1e-12);
    }

    [Fact]
    public void LayerNormNormalisesTheLastDim()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 3, 4, 2, 2, 2, 6 }, [2, 4]);
        var y = F.layer_norm(x, [4], eps: 1e-6);
        var row = new double[] { 1, 2, 3, 4 };
        var m = row.Average();
        var sd = Math.Sqrt(row.Sum(v => (v - m) * (v - m)) / 4 + 1e-6);
        TestUtil.Close(row.Select(v => (v - m) / sd).ToArray(), y[0].ToArray<double>(), 1e-9);
        var w = tensor(new double[] { 2, 2, 2, 2 });
        var b = tensor(new double[] { 1, 1, 1, 1 });
        TestUtil.Close(row.Select(v => 2 * (v - m) / sd + 1).ToArray(), F.layer_norm(x, [4], w, b, 1e-6)[0].ToArray<double>(), 1e-9);
    }

    [Fact]
    public void GeluExactAndTanh()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -2, -0.5, 0, 1, 3 });
        var xs = x.ToArray<double>();
        using var erf = x.div(Math.Sqrt(2)).erf();
        var erfs = erf.ToArray<double>();
        TestUtil.Close(xs.Select((v, i) => 0.5 * v * (1 + erfs[i])).ToArray(), F.gelu(x).ToArray<double>(), 1e-12);
        TestUtil.Close(xs.Select(v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))).ToArray(), F.gelu(x, "tanh").ToArray<double>(), 1e-12);
        Assert.Throws<ArgumentException>(() => F.gelu(x, "fast"));
    }

    [Fact]
    public void DropoutZeroesAndRescalesInTrainingOnly()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var x = ones(10000);
        var y = F.dropout(x, 0.25, training: true);
        var vals = y.ToArray<float>();
        Assert.All(vals, v => Assert.True(v == 0 || Math.Abs(v - 4f / 3) < 1e-6));
        Assert.InRange(vals.Count(v => v == 0) / 10000.0, 0.22, 0.28);
        Assert.Equal(x.ToArray<float>(), F.dropout(x, 0.25, training: false).ToArray<float>());
    }

    [Fact]
    public void LinearConv2dConv3d()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2 }, [1, 2]);
        var w = tensor(new float[] { 1, 0, 1, 1, 2, -1 }, [3, 2]);
        var b = tensor(new float[] { 0, 1, 0 });
        Assert.Equal(new float[] { 1, 4, 0 }, F.linear(x, w, b).ToArray<float>());
        // A 2x2 box filter over a 3x3 ramp.
        var img = arange(0, 9, 1, float32).reshape(1, 1, 3, 3);
        var k = ones(1, 1, 2, 2);
        Assert.Equal(new float[] { 8, 12, 20, 24 }, F.conv2d(img, k).ToArray<float>());
        TestUtil.Shape(F.conv2d(img, k, padding: [1]), 1, 1, 4, 4);
        // Cube embedding shape: 2x16x16 cubes over a 16x64x64 clip give 8x4x4 tokens.
        var clip = zeros(2, 3, 16, 64, 64);
        var cw = zeros(8, 3, 2, 16, 16);
        TestUtil.Shape(F.conv3d(clip, cw, stride: [2, 16, 16]), 2, 8, 8, 4, 4);
        var ones3 = ones(1, 1, 2, 2, 2);
        Assert.Equal(8f, F.conv3d(ones3, ones(1, 1, 2, 2, 2)).item<float>());
    }

    [Fact]
    public void PoolingUnfoldFold()
    {
        using var scope = NewDisposeScope();
        var img = arange(0, 16, 1, float32).reshape(1, 1, 4, 4);
        Assert.Equal(new float[] { 2.5f, 4.5f, 10.5f, 12.5f }, F.avg_pool2d(img, [2]).ToArray<float>());
        Assert.Equal(new float[] { 5, 7, 13, 15 }, F.max_pool2d(img, [2]).ToArray<float>());
        TestUtil.Shape(F.avg_pool3d(zeros(1, 1, 4, 4, 4), [2]), 1, 1, 2, 2, 2);
        TestUtil.Shape(F.max_pool3d(zeros(1, 1, 4, 4, 4), [2]), 1, 1, 2, 2, 2);
        var cols = F.unfold(img, [2], stride: [2]);
        TestUtil.Shape(cols, 1, 4, 4);
        Assert.Equal(new float[] { 0, 2, 8, 10 }, cols[0, 0].ToArray<float>());
        Assert.Equal(img.ToArray<float>(), F.fold(cols, [4, 4], [2], stride: [2]).ToArray<float>());
    }

    [Fact]
    public void InterpolateGridSamplePad()
    {
        using var scope = NewDisposeScope();
        var img = tensor(new float[] { 0, 1, 2, 3 }, [1, 1, 2, 2]);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3 }, F.interpolate(img, [4, 4]).ToArray<float>());
        TestUtil.Close(new[] { 0f, 0.5f, 1f }, F.interpolate(tensor(new float[] { 0, 1 }, [1, 1, 2]), [3], "linear", align_corners: true).ToArray<float>());
        // An identity grid returns the input; a grid shifted by one pixel (in normalised units) shifts it.
        var x = arange(0, 12, 1, float32).reshape(1, 1, 3, 4);
        var ys = linspace(-1, 1, 3);
        var xs = linspace(-1, 1, 4);
        var gx = xs.reshape(1, 4).expand(3, 4);
        var gy = ys.reshape(3, 1).expand(3, 4);
        var grid = stack([gx, gy], -1).unsqueeze(0);
        TestUtil.Close(x.ToArray<float>(), F.grid_sample(x, grid, align_corners: true).ToArray<float>(), 1e-5);
        var shifted = F.grid_sample(x, stack([gx + 2.0 / 3, gy], -1).unsqueeze(0), align_corners: true);
        TestUtil.Close(new float[] { 1, 2, 3, 0 }, shifted[0, 0, 0].ToArray<float>(), 1e-5);
        Assert.Equal(new float[] { 9, 0, 1, 9 }, F.pad(tensor(new float[] { 0, 1 }, [1, 1, 2]), [1, 1], value: 9).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 1, 0 }, F.pad(tensor(new float[] { 0, 1 }, [1, 1, 2]), [1, 1], "reflect").ToArray<float>());
        Assert.Equal(new float[] { 0, 0, 1, 1 }, F.pad(tensor(new float[] { 0, 1 }, [1, 1, 2]), [1, 1], "replicate").ToArray<float>());
    }

    [Fact]
    public void CrossEntropyWithLabelSmoothingAndSoftTargets()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new double[] { 2, 0, -1, 0.5, 1.5, 0 }, [2, 3]);
        var labels = tensor(new long[] { 0, 1 });
        var lsm = F.log_softmax(logits, 1).ToArray<double>();
        var plain = -(lsm[0] + lsm[4]) / 2;
        TestUtil.Close(plain, F.cross_entropy(logits, labels).item<double>(), 1e-12);
        // Label smoothing e: target = (1-e) one_hot + e/C.
        var e = 0.1;
        double Smoothed(int row, int label) => -Enumerable.Range(0, 3).Sum(c => ((c == label ? 1 - e : 0) + e / 3) * lsm[row * 3 + c]);
        TestUtil.Close((Smoothed(0, 0) + Smoothed(1, 1)) / 2, F.cross_entropy(logits, labels, label_smoothing: e).item<double>(), 1e-12);
        // Soft targets (mixup) give the same value as the equivalent smoothed one-hot.
        var soft = tensor(new double[] { 0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3, 0.1 / 3 }, [2, 3]);
        TestUtil.Close((Smoothed(0, 0) + Smoothed(1, 1)) / 2, F.cross_entropy(logits, soft).item<double>(), 1e-12);
        Assert.Equal(new float[] { 0, 1, 0, 1, 0, 0 }, F.one_hot(tensor(new long[] { 1, 0 }), 3).to(float32).ToArray<float>());
    }

    [Fact]
    public void RegressionLosses()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 0, 1, 4 });
        var b = tensor(new double[] { 0, 0, 1 });
        TestUtil.Close((0 + 1 + 9) / 3.0, F.mse_loss(a, b).item<double>());
        TestUtil.Close((0 + 1 + 3) / 3.0, F.l1_loss(a, b).item<double>());
        TestUtil.Close((0 + 0.5 + 2.5) / 3.0, F.smooth_l1_loss(a, b).item<double>());
        TestUtil.Close(10, F.mse_loss(a, b, Reduction.Sum).item<double>());
        Assert.Equal(new double[] { 0, 1, 9 }, F.mse_loss(a, b, Reduction.None).ToArray<double>());
    }
}
