using Kit.Data;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

/// <summary>A video cut short on disk, made in the test: the kit's writer (FFV1 in AVI) writes a whole one, then the
/// file is cut to a share of its bytes, so its container still claims every frame while fewer decode.</summary>
public static class TruncatedVideo
{
    /// <summary>Writes <paramref name="frames"/> frames of moving noise to <paramref name="path"/> and keeps the first
    /// <paramref name="keep"/> of its bytes; returns (frames the container claims, frames that decode).</summary>
    public static (int Claimed, int Decoded) Make(string path, int frames = 40, int size = 32, double keep = 0.1)
    {
        using (var scope = NewDisposeScope())
        {
            manual_seed(3);
            var noise = randint(0, 256, [1, size, 2 * size, 3], uint8);
            var clip = stack(Enumerable.Range(0, frames).Select(t => noise.narrow(2, t % size, size)).ToList()).squeeze(1).contiguous();
            VideoFile.Write(path, clip);
        }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        return (VideoFile.Info(path, exact: false).Frames, VideoFile.Info(path).Frames);
    }
}
