using Kit.Masking;
using Kit.Torch;
using Xunit.Abstractions;
using static Kit.Torch.torch;

namespace Kit.Tests.Masking;

/// <summary>
/// Online flow (OnlineFlow.cs) against an exactly known motion: a band-limited random texture (noise blurred by a
/// Gaussian of 1.5 px) seen through a window that moves by d = 2, 4, 8 and 16 px per frame, so the true flow is (d, d/2)
/// at every pixel. End-point error over the pixels whose source stays inside the frame.
/// </summary>
public class OnlineFlowAccuracyTests(ITestOutputHelper log)
{
    /// <summary>Two frames (N, 3, size, size): the second is the first's content moved by (dx, dy) whole pixels.</summary>
    public static (Tensor First, Tensor Second) Translated(int size, int dx, int dy, int n = 2, ulong seed = 5)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var margin = Math.Max(Math.Abs(dx), Math.Abs(dy)) + 8;
        var big = size + 2 * margin;
        var noise = rand([n, 3, big, big]);
        var k = arange(-4, 5, 1, float32);
        var g = (-(k * k) / (2 * 1.5 * 1.5)).exp();
        g = g / g.sum();
        var blurred = nn.functional.conv2d(noise.reshape(n * 3, 1, big, big), g.reshape(1, 1, 1, 9), padding: [0, 4]);
        blurred = nn.functional.conv2d(blurred, g.reshape(1, 1, 9, 1), padding: [4, 0]).reshape(n, 3, big, big);
        blurred = (blurred - 0.5) * 3 + 0.5;   // blurring shrinks the contrast: bring it back
        var first = blurred.narrow(2, margin, size).narrow(3, margin, size);
        var second = blurred.narrow(2, margin - dy, size).narrow(3, margin - dx, size);   // second(x) = first(x - d)
        return (scope.MoveToOuter(first.clamp(0, 1).contiguous()), scope.MoveToOuter(second.clamp(0, 1).contiguous()));
    }

    /// <summary>Mean end-point error (px) and the share of pixels within 1 px, over pixels whose source is in frame.</summary>
    public static (double Epe, double Within1) Accuracy(OnlineFlow flow, int size, int dx, int dy)
    {
        using var scope = NewDisposeScope();
        var (a, b) = Translated(size, dx, dy);
        var f = flow.Estimate(a, b);                                  // (N, 2, H, W): b(x + F(x)) ~ a(x)
        var m = Math.Max(Math.Abs(dx), Math.Abs(dy));
        var inner = f[.., .., (m)..(size - m), (m)..(size - m)];
        var err = ((inner.select(1, 0) - dx).square() + (inner.select(1, 1) - dy).square()).sqrt();
        return (err.mean().item<float>(), (err < 1).to(float32).mean().item<float>());
    }

    [Theory]
    [InlineData(64, 2)]
    [InlineData(64, 4)]
    [InlineData(64, 8)]
    [InlineData(64, 16)]
    [InlineData(224, 2)]
    [InlineData(224, 4)]
    [InlineData(224, 8)]
    [InlineData(224, 16)]
    public void TracksTranslationsUpToSixteenPixelsPerFrame(int size, int d)
    {
        var flow = new OnlineFlow(MotionGuidedConfig.DefaultOnline);
        var (epe, within) = Accuracy(flow, size, d, d / 2);
        log.WriteLine($"{size}x{size}, motion ({d}, {d / 2}) px: end-point error {epe:F3} px, {within:P1} of pixels within 1 px");
        Assert.True(epe < 0.6, $"end-point error {epe:F3} px at ({d}, {d / 2}) px per frame");
        Assert.True(within > 0.85, $"{within:P1} of pixels within 1 px at ({d}, {d / 2}) px per frame");
    }
}
