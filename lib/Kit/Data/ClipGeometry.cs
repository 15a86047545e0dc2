using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data;

/// <summary>
/// One spatial transform applied identically to every frame of a clip and, with the matching change of values, to its
/// flow: crop a box of the source frame, resize it to the output size, optionally mirror left-right. Resizing by a
/// factor multiplies displacements by that factor (per axis) and mirroring negates horizontal displacements — the MME
/// release crops and resizes its trajectories without rescaling the displacement values.
/// </summary>
/// <param name="X">crop's left column in source pixels.</param>
/// <param name="Y">crop's top row in source pixels.</param>
/// <param name="Width">crop width in source pixels.</param>
/// <param name="Height">crop height in source pixels.</param>
/// <param name="OutHeight">output height.</param>
/// <param name="OutWidth">output width.</param>
/// <param name="Flip">mirror left-right after resizing.</param>
public sealed record ClipGeometry(int X, int Y, int Width, int Height, int OutHeight, int OutWidth, bool Flip)
{
    /// <summary>Output pixels per source pixel, horizontally.</summary>
    public double ScaleX => (double)OutWidth / Width;

    /// <summary>Output pixels per source pixel, vertically.</summary>
    public double ScaleY => (double)OutHeight / Height;

    private void CheckInside(long h, long w, string what)
    {
        if (X < 0 || Y < 0 || Width < 1 || Height < 1 || X + Width > w || Y + Height > h)
            throw new ArgumentException($"{what}: crop ({X}, {Y}, {Width}x{Height}) does not fit a {w}x{h} frame");
    }

    /// <summary>Frames to the clip layout the model reads.</summary>
    /// <param name="frames">(N, H, W, 3) uint8 RGB.</param>
    /// <returns>(3, N, OutHeight, OutWidth) float32 in [0, 1].</returns>
    public Tensor ApplyToFrames(Tensor frames)
    {
        CheckInside(frames.size(1), frames.size(2), "frames");
        using var scope = NewDisposeScope();
        var x = frames.narrow(1, Y, Height).narrow(2, X, Width).permute(0, 3, 1, 2).to(float32) / 255.0;
        x = Resize(x).clamp(0, 1);
        if (Flip) x = x.flip(3);
        return scope.MoveToOuter(x.permute(1, 0, 2, 3).contiguous());
    }

    /// <summary>Flow with the same geometry, displacements converted to output pixels.</summary>
    /// <param name="flow">(N, 2, H, W) float32 pixels (dx, dy).</param>
    /// <param name="rescale">false keeps displacements in source pixels while the grid is cropped and resized: the MME
    /// release's behaviour, offered to show what it costs (a flip still negates dx).</param>
    /// <returns>(N, 2, OutHeight, OutWidth) float32 output pixels.</returns>
    public Tensor ApplyToFlow(Tensor flow, bool rescale = true)
    {
        CheckInside(flow.size(2), flow.size(3), "flow");
        using var scope = NewDisposeScope();
        var f = Resize(flow.narrow(2, Y, Height).narrow(3, X, Width));
        var (sx, sy) = rescale ? (ScaleX, ScaleY) : (1.0, 1.0);
        var scale = tensor(new[] { (float)(Flip ? -sx : sx), (float)sy }, [1, 2, 1, 1], f.device);
        f = f * scale;
        if (Flip) f = f.flip(3);
        return scope.MoveToOuter(f.contiguous());
    }

    /// <summary>Maps source pixel coordinates (x, y) to output coordinates (pixel centres map to pixel centres).</summary>
    public (double X, double Y) MapPoint(double x, double y)
    {
        var ox = (x - X + 0.5) * ScaleX - 0.5;
        var oy = (y - Y + 0.5) * ScaleY - 0.5;
        return (Flip ? OutWidth - 1 - ox : ox, oy);
    }

    private Tensor Resize(Tensor x) =>
        x.size(2) == OutHeight && x.size(3) == OutWidth ? x : nn.functional.interpolate(x, [OutHeight, OutWidth], "bilinear");
}
