using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// The process's malloc settings for tensors (see lib/native/src/allocator.cpp): when the native library loads it keeps
/// blocks under 32 MiB in the heap instead of mmapping and unmapping them on every allocation, which makes a CPU
/// training step about three times faster at the default scale. KIT_MALLOC=system, or glibc's own MALLOC_*_ variables,
/// leave glibc's defaults.
/// </summary>
public static class NativeAllocator
{
    /// <summary>Whether the kit's settings are in force (false when the environment chose otherwise).</summary>
    public static bool Tuned => kit_malloc_tuned() == 1;

    /// <summary>Blocks malloc currently serves with mmap (glibc mallinfo2().hblks).</summary>
    public static long MmappedBlocks => kit_malloc_mmapped_blocks();
}
