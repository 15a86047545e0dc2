using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Pipeline;

/// <summary>
/// Tensors turned into pictures for notebooks (Kit.Display's Figure.Frames draws float[H, W] in 0..1): frames,
/// flow magnitudes, masks laid over frames, and masked-cube reconstructions pasted back into a frame.
/// </summary>
public static class Views
{
    /// <summary>(H, W) tensor -> float[H, W].</summary>
    public static float[,] ToGrid(Tensor hw)
    {
        if (hw.dim() != 2) throw new ArgumentException($"expected an (H, W) tensor, got shape {Tensor.ShapeString(hw.shape)}");
        using var f = hw.to(float32).contiguous();
        var (h, w) = ((int)hw.size(0), (int)hw.size(1));
        var flat = f.ToArray<float>();
        var grid = new float[h, w];
        Buffer.BlockCopy(flat, 0, grid, 0, flat.Length * sizeof(float));
        return grid;
    }

    /// <summary>Grey level of one frame of a clip.</summary>
    /// <param name="clip">(C, T, H, W) float in 0..1 (one clip of a batch).</param>
    public static float[,] Frame(Tensor clip, int t)
    {
        using var scope = NewDisposeScope();
        return ToGrid(clip.select(1, t).mean(0L));
    }

    /// <summary>Flow magnitude scaled to 0..1 by <paramref name="maxPixels"/>.</summary>
    /// <param name="flow">(2, H, W) pixels.</param>
    public static float[,] FlowMagnitude(Tensor flow, double maxPixels = 4)
    {
        using var scope = NewDisposeScope();
        return ToGrid((flow.square().sum(0L).sqrt() / maxPixels).clamp(0, 1));
    }

    /// <summary>Frame t of a clip with its hidden tokens darkened (true = hidden), as a mask overlay.</summary>
    /// <param name="clip">(C, T, H, W)</param>
    /// <param name="mask">(N) bool over the clip's tokens, time-major.</param>
    public static float[,] MaskOverlay(Tensor clip, Tensor mask, TokenGrid grid, int t)
    {
        using var scope = NewDisposeScope();
        var slot = t / grid.Tubelet;
        var hidden = mask.reshape(grid.Slots, grid.Rows, grid.Cols)[slot].to(float32)
            .repeat_interleave2d(grid.Patch);
        var frame = clip.select(1, t).mean(0L);
        return ToGrid(frame * (1 - 0.75 * hidden));
    }

    /// <summary>
    /// Frame t with its hidden cubes replaced by a prediction of raw pixels (visible cubes keep the input), as
    /// VideoMAE's reconstruction figures show it.
    /// </summary>
    /// <param name="clip">(C, T, H, W)</param>
    /// <param name="mask">(N) bool, true = hidden.</param>
    /// <param name="predicted">(N_hidden, t*p*p*C) raw pixels of the hidden cubes in token order, features (frame, row, col, channel).</param>
    public static float[,] Reconstruction(Tensor clip, Tensor mask, Tensor predicted, TokenGrid grid, int t)
    {
        using var scope = NewDisposeScope();
        var c = clip.size(0);
        // Cubes of the clip: (N, t, p, p, C) in token order.
        var cubes = clip.reshape(c, grid.Slots, grid.Tubelet, grid.Rows, grid.Patch, grid.Cols, grid.Patch)
            .permute(1, 3, 5, 2, 4, 6, 0).reshape(grid.Tokens, grid.Tubelet, grid.Patch, grid.Patch, c).clone();
        var hiddenIdx = mask.nonzero().flatten();
        cubes.index_put_(predicted.reshape(-1, grid.Tubelet, grid.Patch, grid.Patch, c).to(cubes.dtype), hiddenIdx);
        var back = cubes.reshape(grid.Slots, grid.Rows, grid.Cols, grid.Tubelet, grid.Patch, grid.Patch, c)
            .permute(6, 0, 3, 1, 4, 2, 5).reshape(c, grid.Frames, grid.Rows * grid.Patch, grid.Cols * grid.Patch);
        return ToGrid(back.select(1, t).mean(0L).clamp(0, 1));
    }

    /// <summary>Repeats every element of an (R, C) map into a (R*k, C*k) block map.</summary>
    private static Tensor repeat_interleave2d(this Tensor map, int k)
    {
        var (r, c) = (map.size(0), map.size(1));
        return map.reshape(r, 1, c, 1).expand(r, k, c, k).reshape(r * k, c * k);
    }
}
