using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class ClipBatchDeviceTests
{
    private static ClipBatch Batch() => new(rand(2, 3, 4, 8, 8).DetachFromDisposeScope(), rand(2, 3, 8, 8, 8).DetachFromDisposeScope(),
        randn(2, 7, 2, 8, 8).DetachFromDisposeScope(), tensor(new long[] { 1, 0 }).DetachFromDisposeScope(), 2) { VideoIndices = [4, 9] };

    [Fact]
    public void To_CopiesEveryTensorAndKeepsTheRest()
    {
        using var a = Batch();
        using var b = a.To(Device.CPU);
        Assert.True(b.Clip.eq(a.Clip).all().item<bool>());
        Assert.True(b.Flow!.eq(a.Flow!).all().item<bool>());
        Assert.Equal(a.Labels!.ToArray<long>(), b.Labels!.ToArray<long>());
        Assert.Equal(2, b.Stride);
        Assert.Equal(new[] { 4, 9 }, b.VideoIndices);
    }

    [CudaFact]
    public void To_Cuda_MovesEveryTensor()
    {
        using var a = Batch();
        using var b = a.To(Device.CUDA);
        Assert.All(new[] { b.Clip, b.RawClip!, b.Flow!, b.Labels! }, t => Assert.Equal(DeviceType.CUDA, t.device.Type));
    }
}
