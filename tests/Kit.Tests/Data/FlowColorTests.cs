using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class FlowColorTests
{
    [Fact]
    public void DirectionsMapToHues_StillIsWhite()
    {
        using var scope = NewDisposeScope();
        // four pixels: right, down, left, still
        var flow = tensor(new float[] { 2, 0, -2, 0, 0, 2, 0, 0 }, [1, 2, 1, 4]);
        var rgb = FlowColor.ToRgb(flow).reshape(4, 3);
        Assert.Equal(new byte[] { 255, 0, 0 }, rgb[0].ToArray<byte>());     // right: red (hue 0)
        Assert.Equal(new byte[] { 128, 255, 0 }, rgb[1].ToArray<byte>());   // down: hue 90 degrees
        Assert.Equal(new byte[] { 0, 255, 255 }, rgb[2].ToArray<byte>());   // left: cyan (hue 180)
        Assert.Equal(new byte[] { 255, 255, 255 }, rgb[3].ToArray<byte>()); // still: white
        var half = FlowColor.ToRgb(flow, maxMagnitude: 4).reshape(4, 3);
        Assert.Equal(new byte[] { 255, 128, 128 }, half[0].ToArray<byte>());
    }
}
