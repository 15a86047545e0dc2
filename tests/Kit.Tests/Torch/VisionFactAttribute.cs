using Kit.Torch.Native;

namespace Kit.Tests;

/// <summary>A fact that needs the kit's vision library (OpenCV: decoding videos, e.g. the file-based synthetic dataset), and
/// says so when skipped.</summary>
public sealed class VisionFactAttribute : FactAttribute
{
    public VisionFactAttribute()
    {
        if (!VisionLibrary.IsAvailable) Skip = $"needs the kit's vision library (OpenCV), not found at {VisionLibrary.ExpectedPath()}";
    }
}
