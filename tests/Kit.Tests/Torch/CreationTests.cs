using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class CreationTests
{
    [Fact]
    public void ZerosOnesFullHaveShapeDtypeAndValues()
    {
        using var z = zeros(2, 3);
        TestUtil.Shape(z, 2, 3);
        Assert.Equal(ScalarType.Float32, z.dtype);
        Assert.All(z.ToArray<float>(), v => Assert.Equal(0f, v));
        using var o = ones([4], float64);
        Assert.Equal(new double[] { 1, 1, 1, 1 }, o.ToArray<double>());
        using var f = full([2, 2], 7, int64);
        Assert.Equal(new long[] { 7, 7, 7, 7 }, f.ToArray<long>());
    }

    [Fact]
    public void ArangeAndLinspaceMatchPyTorch()
    {
        using var a = arange(0, 10, 3);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal(new long[] { 0, 3, 6, 9 }, a.ToArray<long>());
        using var l = linspace(0, 1, 5);
        TestUtil.Close(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }, l.ToArray<float>());
    }

    [Fact]
    public void RoundTripsCSharpArraysForEveryDtype()
    {
        using (var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3])) { TestUtil.Shape(t, 2, 3); Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>()); }
        using (var t = tensor(new double[] { 1.5, -2 })) Assert.Equal(new[] { 1.5, -2 }, t.ToArray<double>());
        using (var t = tensor(new long[] { long.MaxValue, -1 })) Assert.Equal(new[] { long.MaxValue, -1 }, t.ToArray<long>());
        using (var t = tensor(new int[] { 3, -4 })) Assert.Equal(new[] { 3, -4 }, t.ToArray<int>());
        using (var t = tensor(new byte[] { 0, 255 })) Assert.Equal(new byte[] { 0, 255 }, t.ToArray<byte>());
        using (var t = tensor(new bool[] { true, false })) Assert.Equal(new[] { true, false }, t.ToArray<bool>());
        using (var t = tensor(new float[] { 1, 2 }).to(float16)) { Assert.Equal(ScalarType.Float16, t.dtype); using var back = t.to(float32); Assert.Equal(new float[] { 1, 2 }, back.ToArray<float>()); }
        using (var t = tensor(new float[] { 1, 2 }).to(bfloat16)) Assert.Equal(ScalarType.BFloat16, t.dtype);
    }

    [Fact]
    public void AsSpanIsAZeroCopyViewOfCpuStorage()
    {
        using var t = zeros(4);
        var span = t.AsSpan<float>();
        span[2] = 5;
        Assert.Equal(new float[] { 0, 0, 5, 0 }, t.ToArray<float>());
    }

    [Fact]
    public void RandomFunctionsAreReproducibleUnderManualSeed()
    {
        manual_seed(42);
        using var a = randn(5);
        using var p = randperm(6);
        using var i = randint(0, 10, [8]);
        manual_seed(42);
        using var b = randn(5);
        using var q = randperm(6);
        using var j = randint(0, 10, [8]);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());
        Assert.Equal(p.ToArray<long>(), q.ToArray<long>());
        Assert.Equal(i.ToArray<long>(), j.ToArray<long>());
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, p.ToArray<long>().Order().ToArray());
        Assert.All(i.ToArray<long>(), v => Assert.InRange(v, 0, 9));
        using var r = rand(1000);
        Assert.All(r.ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void RngStateRestoresTheSequence()
    {
        manual_seed(1);
        using var state = random.get_rng_state();
        using var a = rand(4);
        random.set_rng_state(state);
        using var b = rand(4);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());
    }

    [Fact]
    public void CudaRequestWithoutCudaIsAClearError()
    {
        if (cuda.is_available()) return;
        var e = Assert.Throws<InvalidOperationException>(() => zeros([2], device: CUDA));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Equal(Device.CPU, Device.Parse("auto"));
    }

    [CudaFact]
    public void TensorsMoveToCudaAndBack()
    {
        using var t = arange(0, 4, 1, float32).to(CUDA);
        Assert.Equal(DeviceType.CUDA, t.device.Type);
        using var s = (t * 2).cpu();
        Assert.Equal(new float[] { 0, 2, 4, 6 }, s.ToArray<float>());
    }

    [Fact]
    public void ThreadCountIsSetAndReadBack()
    {
        var before = get_num_threads();
        try
        {
            set_num_threads(1);
            Assert.Equal(1, get_num_threads());
            Assert.Throws<ArgumentOutOfRangeException>(() => set_num_threads(0));
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Fact]
    public void ItemReadsOneElement()
    {
        using var t = full([], 3.5);
        Assert.Equal(3.5f, t.item<float>());
        using var v = zeros(2);
        Assert.Throws<InvalidOperationException>(() => v.item<float>());
    }

    [Fact]
    public void NativeLibrariesReportTheirVersions()
    {
        // 1.13 (Debian) or 2.x (a CUDA build, tools/gpu/check.sh)
        Assert.Matches(@"^(1\.13|2\.\d+)\.\d+$", version);
        if (Kit.Torch.Native.VisionLibrary.IsAvailable) Assert.StartsWith("4.", opencv_version);
        else Assert.Contains("has no OpenCV", Assert.Throws<Kit.Torch.Native.NativeFeatureMissingException>(() => opencv_version).Message);
    }
}
