namespace Kit.Data;

/// <summary>
/// How a clip is cut into tokens: cubes of Tubelet x Patch x Patch, so a (T, H, W) clip has (T/Tubelet) x (H/Patch) x
/// (W/Patch) tokens, ordered time-major (t, then row, then column) — the order of VideoMAE's patch embedding.
/// </summary>
public sealed record TokenGrid(int Frames, int Height, int Width, int Tubelet = 2, int Patch = 16)
{
    public int Slots => Check(Frames, Tubelet, "frames", "tubelet");
    public int Rows => Check(Height, Patch, "height", "patch");
    public int Cols => Check(Width, Patch, "width", "patch");
    public int TokensPerSlot => Rows * Cols;
    public int Tokens => Slots * TokensPerSlot;

    private static int Check(int size, int by, string what, string unit)
    {
        if (by <= 0) throw new ArgumentOutOfRangeException(unit, $"{unit} size must be positive, got {by}");
        if (size <= 0 || size % by != 0) throw new ArgumentException($"{what} {size} is not a positive multiple of the {unit} size {by}");
        return size / by;
    }
}
