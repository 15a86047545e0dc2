using Kit.Torch;

namespace Kit.Data;

/// <summary>What a scan learns about a video file.</summary>
public sealed record VideoInfo(int Frames, int Height, int Width, double Fps);

/// <summary>
/// Reads and writes video files through OpenCV's FFmpeg backend (lib/native/src/video_io.cpp). Frames are (T, H, W, 3)
/// uint8 RGB tensors. Errors (missing, corrupt, too short) raise <see cref="TorchException"/> naming the file.
/// </summary>
public static class VideoFile
{
    /// <summary>Frame count and size. <paramref name="exact"/> decodes every frame to count them (containers can lie:
    /// tree.avi claims 444 frames and holds 68); otherwise the container's count is trusted.</summary>
    public static VideoInfo Info(string path, bool exact = true)
    {
        var output = new long[3];
        TorchException.Check(VideoNative.kit_video_info(path, exact ? 1 : 0, output, out var fps), "video info");
        return new VideoInfo(checked((int)output[0]), checked((int)output[1]), checked((int)output[2]), fps);
    }

    /// <summary>Decodes the frames at <paramref name="indices"/> (any order, repeats allowed), decoding only up to the last one.</summary>
    /// <returns>(n, H, W, 3) uint8 RGB.</returns>
    public static Tensor Read(string path, IReadOnlyList<long> indices)
    {
        if (indices.Count == 0) throw new ArgumentException($"video '{path}': no frame indices requested", nameof(indices));
        var idx = indices.ToArray();
        return Tensor.Wrap(VideoNative.kit_video_read(path, idx, idx.Length), "video read");
    }

    /// <summary>Every frame of the file.</summary>
    /// <returns>(T, H, W, 3) uint8 RGB.</returns>
    public static Tensor ReadAll(string path)
    {
        var n = Info(path).Frames;
        var idx = new long[n];
        for (var i = 0; i < n; i++) idx[i] = i;
        return Read(path, idx);
    }

    /// <summary>Writes frames losslessly (FFV1 in AVI; byte-identical output for identical frames).</summary>
    /// <param name="frames">(T, H, W, 3) uint8 RGB.</param>
    public static void Write(string path, Tensor frames, double fps = 25)
    {
        if (frames.dim() != 4 || frames.size(3) != 3 || frames.dtype != ScalarType.Byte)
            throw new ArgumentException($"video '{path}': frames must be (T, H, W, 3) uint8, got shape {Tensor.ShapeString(frames.shape)} {frames.dtype}", nameof(frames));
        if (!path.EndsWith(".avi", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"video '{path}': the kit writes FFV1 in AVI, so the name must end in .avi", nameof(path));
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        TorchException.Check(VideoNative.kit_video_write(path, frames.Handle, fps), "video write");
    }
}
