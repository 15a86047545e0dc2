using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

/// <summary>
/// Tensor display against PyTorch's own repr: every expected text below is the values part of `repr(t)` printed by
/// python3-torch 1.13 for the same tensor (default print options), pasted verbatim.
/// </summary>
public sealed class TensorFormatTests
{
    private static void Same(string expected, Tensor tensor)
    {
        using (tensor) Assert.Equal(expected, TensorFormat.Values(tensor).Text);
    }

    [Fact]
    public void FloatsWithFourDecimals() => Same("""
        [[0.0000, 0.1429, 0.2857, 0.4286],
                [0.5714, 0.7143, 0.8571, 1.0000],
                [1.1429, 1.2857, 1.4286, 1.5714]]
        """, (arange(12, dtype: ScalarType.Float32).reshape(3, 4) / 7));

    [Fact]
    public void Integers() => Same("""
        [[ 0,  1,  2,  3],
                [ 4,  5,  6,  7],
                [ 8,  9, 10, 11]]
        """, arange(12, dtype: ScalarType.Int64).reshape(3, 4));

    [Fact]
    public void LargeIntegersElided() => Same("""
        [[   0,    1,    2,  ...,   47,   48,   49],
                [  50,   51,   52,  ...,   97,   98,   99],
                [ 100,  101,  102,  ...,  147,  148,  149],
                ...,
                [1850, 1851, 1852,  ..., 1897, 1898, 1899],
                [1900, 1901, 1902,  ..., 1947, 1948, 1949],
                [1950, 1951, 1952,  ..., 1997, 1998, 1999]]
        """, arange(2000, dtype: ScalarType.Int64).reshape(40, 50));

    [Fact]
    public void WideRangeScientificWrapped() => Same("""
        [[0.0000e+00, 3.3333e-01, 6.6667e-01,  ..., 1.5667e+01, 1.6000e+01,
                 1.6333e+01],
                [1.6667e+01, 1.7000e+01, 1.7333e+01,  ..., 3.2333e+01, 3.2667e+01,
                 3.3000e+01],
                [3.3333e+01, 3.3667e+01, 3.4000e+01,  ..., 4.9000e+01, 4.9333e+01,
                 4.9667e+01],
                ...,
                [6.1667e+02, 6.1700e+02, 6.1733e+02,  ..., 6.3233e+02, 6.3267e+02,
                 6.3300e+02],
                [6.3333e+02, 6.3367e+02, 6.3400e+02,  ..., 6.4900e+02, 6.4933e+02,
                 6.4967e+02],
                [6.5000e+02, 6.5033e+02, 6.5067e+02,  ..., 6.6567e+02, 6.6600e+02,
                 6.6633e+02]]
        """, (arange(2000, dtype: ScalarType.Float32).reshape(40, 50) / 3));

    [Fact]
    public void IntegralFloats3d() => Same("""
        [[[ 0.,  1.,  2.,  3.],
                 [ 4.,  5.,  6.,  7.],
                 [ 8.,  9., 10., 11.]],
        
                [[12., 13., 14., 15.],
                 [16., 17., 18., 19.],
                 [20., 21., 22., 23.]]]
        """, arange(24, dtype: ScalarType.Float32).reshape(2, 3, 4));

    [Fact]
    public void LongVectorWraps() => Same("""
        [ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,
                14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,
                28., 29.]
        """, arange(30, dtype: ScalarType.Float32));

    [Fact]
    public void Elided3d() => Same("""
        [[[   0,    1,    2,  ...,   47,   48,   49],
                 [  50,   51,   52,  ...,   97,   98,   99],
                 [ 100,  101,  102,  ...,  147,  148,  149],
                 ...,
                 [ 350,  351,  352,  ...,  397,  398,  399],
                 [ 400,  401,  402,  ...,  447,  448,  449],
                 [ 450,  451,  452,  ...,  497,  498,  499]],
        
                [[ 500,  501,  502,  ...,  547,  548,  549],
                 [ 550,  551,  552,  ...,  597,  598,  599],
                 [ 600,  601,  602,  ...,  647,  648,  649],
                 ...,
                 [ 850,  851,  852,  ...,  897,  898,  899],
                 [ 900,  901,  902,  ...,  947,  948,  949],
                 [ 950,  951,  952,  ...,  997,  998,  999]],
        
                [[1000, 1001, 1002,  ..., 1047, 1048, 1049],
                 [1050, 1051, 1052,  ..., 1097, 1098, 1099],
                 [1100, 1101, 1102,  ..., 1147, 1148, 1149],
                 ...,
                 [1350, 1351, 1352,  ..., 1397, 1398, 1399],
                 [1400, 1401, 1402,  ..., 1447, 1448, 1449],
                 [1450, 1451, 1452,  ..., 1497, 1498, 1499]],
        
                ...,
        
                [[3500, 3501, 3502,  ..., 3547, 3548, 3549],
                 [3550, 3551, 3552,  ..., 3597, 3598, 3599],
                 [3600, 3601, 3602,  ..., 3647, 3648, 3649],
                 ...,
                 [3850, 3851, 3852,  ..., 3897, 3898, 3899],
                 [3900, 3901, 3902,  ..., 3947, 3948, 3949],
                 [3950, 3951, 3952,  ..., 3997, 3998, 3999]],
        
                [[4000, 4001, 4002,  ..., 4047, 4048, 4049],
                 [4050, 4051, 4052,  ..., 4097, 4098, 4099],
                 [4100, 4101, 4102,  ..., 4147, 4148, 4149],
                 ...,
                 [4350, 4351, 4352,  ..., 4397, 4398, 4399],
                 [4400, 4401, 4402,  ..., 4447, 4448, 4449],
                 [4450, 4451, 4452,  ..., 4497, 4498, 4499]],
        
                [[4500, 4501, 4502,  ..., 4547, 4548, 4549],
                 [4550, 4551, 4552,  ..., 4597, 4598, 4599],
                 [4600, 4601, 4602,  ..., 4647, 4648, 4649],
                 ...,
                 [4850, 4851, 4852,  ..., 4897, 4898, 4899],
                 [4900, 4901, 4902,  ..., 4947, 4948, 4949],
                 [4950, 4951, 4952,  ..., 4997, 4998, 4999]]]
        """, arange(5000, dtype: ScalarType.Int64).reshape(10, 10, 50));

    [Fact]
    public void MixedMagnitudesPadScientificNotation()
    {
        Same("[ 1.0000e-05,  1.0000e+00, -3.5000e+00]", tensor(new[] { 1e-5f, 1f, -3.5f }));
        Same("[1., 2., nan, inf]", tensor(new[] { 1f, 2f, float.NaN, float.PositiveInfinity }));
        Same("[ True, False]", tensor(new[] { true, false }));
        Same("3.1416", tensor(new[] { 3.14159f }).reshape());
        Same("[9007199254740993,               -1]", tensor(new[] { 9007199254740993L, -1L })); // beyond double's 2^53
    }

    [Fact]
    public void TheBundleNamesShapeDtypeAndDeviceInTextAndHtml()
    {
        using var t = arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        var bundle = t.ToMimeBundle();
        Assert.StartsWith("tensor([[ 0.,  1.,  2.,  3.],", bundle.Text);
        Assert.EndsWith("shape=[3, 4], dtype=float32, device=cpu)", bundle.Text);
        var html = (string)bundle.Data["text/html"];
        Assert.Contains("Tensor [3, 4] float32 on cpu", html);
        Assert.Contains("<pre", html);
        using var big = arange(5000, dtype: ScalarType.Int64);
        Assert.Contains("5,000 values, edges shown", (string)big.ToMimeBundle().Data["text/html"]);
    }
}
