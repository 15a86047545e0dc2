using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class BoxFilterTests
{
    [Theory]
    [InlineData(9, 9, 4, 4)]
    [InlineData(8, 8, 4, 4)]
    [InlineData(1, 8, 0, 4)]
    [InlineData(3, 5, 0, 2)]
    public void EqualsAveragePoolingWithoutPaddedPixels(int kh, int kw, int ph, int pw)
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var x = rand(2, 3, 13, 17) * 10;
        var expected = nn.functional.avg_pool2d(x, [kh, kw], [1, 1], [ph, pw], count_include_pad: false);
        var actual = BoxFilter.Mean(x, (kh, kw), (ph, pw));
        TestUtil.Shape(actual, expected.shape);
        Assert.True((expected - actual).abs().max().item<float>() < 1e-4);
    }
}
