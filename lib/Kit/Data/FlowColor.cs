using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data;

/// <summary>
/// Flow as colour for looking at it (the usual HSV coding): hue = direction (right red, down yellow-green, left cyan,
/// up blue-violet), saturation = speed relative to <c>maxMagnitude</c>, value 1; still pixels are white.
/// </summary>
public static class FlowColor
{
    /// <param name="flow">(N, 2, H, W) float pixels (dx, dy).</param>
    /// <param name="maxMagnitude">speed shown fully saturated; 0 = the largest speed in the tensor.</param>
    /// <returns>(N, H, W, 3) uint8 RGB.</returns>
    public static Tensor ToRgb(Tensor flow, double maxMagnitude = 0)
    {
        if (flow.dim() != 4 || flow.size(1) != 2) throw new ArgumentException($"flow colour: expected (N, 2, H, W), got {Tensor.ShapeString(flow.shape)}");
        using var scope = NewDisposeScope();
        var dx = flow.select(1, 0);
        var dy = flow.select(1, 1);
        var mag = (dx.square() + dy.square()).sqrt();
        var top = maxMagnitude > 0 ? maxMagnitude : Math.Max(mag.max().item<float>(), 1e-6);
        var s = (mag / top).clamp(0, 1);
        var h = (atan2(dy, dx) / (2 * Math.PI) + 1).remainder(1.0) * 6; // 0..6
        // HSV (value 1) to RGB: each channel = 1 - s * clamp(min(k, 4 - k), 0, 1), k = (n + h) mod 6, n = 5, 3, 1
        Tensor Channel(double n)
        {
            var k = (h + n).remainder(6.0);
            return 1 - s * k.minimum(4 - k).clamp(0, 1);
        }
        var rgb = stack([Channel(5), Channel(3), Channel(1)], -1);
        return scope.MoveToOuter((rgb * 255).round().to(uint8));
    }
}
