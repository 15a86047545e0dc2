using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class NativeAllocatorTests
{
    [Fact]
    public void LargeTensorsComeFromTheHeapNotFreshMappings()
    {
        if (Environment.GetEnvironmentVariable("KIT_MALLOC") == "system") return;
        Assert.True(NativeAllocator.Tuned, "the native library did not apply its malloc settings at load");
        // 24 MiB: a fresh mapping under glibc's default threshold (128 KiB) until a freed mapping that large raises it.
        var before = NativeAllocator.MmappedBlocks;
        using var big = zeros([6L << 20], float32);
        Assert.Equal(before, NativeAllocator.MmappedBlocks);
    }
}
