using Kit.Data;
using Kit.Torch;

namespace Kit.Targets;

/// <summary>Cutting per-pixel and per-cell maps into tokens (time-major: slot, row, column, as VideoMAE's patch embedding).</summary>
public static class Cubes
{
    /// <summary>Fails unless the clip has the grid's frame count and size.</summary>
    /// <param name="clip">(B, C, T, H, W)</param>
    public static void CheckClip(Tensor clip, TokenGrid grid, string what = "clip")
    {
        if (clip.ndim != 5) throw new ArgumentException($"{what} must be (B, C, T, H, W), got shape {Tensor.ShapeString(clip.shape)}");
        if (clip.size(2) != grid.Frames || clip.size(3) != grid.Height || clip.size(4) != grid.Width)
            throw new ArgumentException($"{what} has T x H x W = {clip.size(2)} x {clip.size(3)} x {clip.size(4)} but the token grid expects {grid.Frames} x {grid.Height} x {grid.Width}");
        _ = grid.Tokens; // validates tubelet and patch divisibility with a message naming them
    }

    /// <summary>Cubes of a clip, one row per token.</summary>
    /// <param name="x">(B, C, T, H, W)</param>
    /// <returns>(B, N_tokens, t*p*p, C), inside a cube ordered (frame, row, column).</returns>
    public static Tensor Patchify(Tensor x, TokenGrid g)
    {
        var b = x.size(0);
        var c = x.size(1);
        using var scope = torch.NewDisposeScope();
        var r = x.reshape(b, c, g.Slots, g.Tubelet, g.Rows, g.Patch, g.Cols, g.Patch)
            .permute(0, 2, 4, 6, 3, 5, 7, 1)
            .reshape(b, g.Tokens, (long)g.Tubelet * g.Patch * g.Patch, c);
        return scope.MoveToOuter(r);
    }

    /// <summary>Per-slot pixel maps to tokens: each token gets its p x p window of every map.</summary>
    /// <param name="maps">(B, S, F, H, W), S = grid.Slots</param>
    /// <returns>(B, N_tokens, p*p, F)</returns>
    public static Tensor PatchifySlots(Tensor maps, TokenGrid g)
    {
        var b = maps.size(0);
        var f = maps.size(2);
        using var scope = torch.NewDisposeScope();
        var r = maps.reshape(b, g.Slots, f, g.Rows, g.Patch, g.Cols, g.Patch)
            .permute(0, 1, 3, 5, 4, 6, 2)
            .reshape(b, g.Tokens, (long)g.Patch * g.Patch, f);
        return scope.MoveToOuter(r);
    }

    /// <summary>VideoMAE's pixel normalisation: per cube and channel, (x - mean) / (sqrt(unbiased var) + eps).</summary>
    /// <param name="cubes">(B, N, P, C): P values per channel of each token</param>
    public static Tensor NormalizePerCube(Tensor cubes, double eps = 1e-6)
    {
        using var scope = torch.NewDisposeScope();
        // one copy with each cube's channel values contiguous (B, N, C, P): the reductions and the normalisation then run
        // along the innermost dimension, several times faster on the CPU than striding over the channels; returned as
        // the (B, N, P, C) view of it
        var byChannel = cubes.transpose(2, 3).contiguous();
        // unbiased variance in two passes over the centred values (the CPU's var kernel is several times slower)
        var centred = byChannel.sub_(byChannel.mean(3, keepdim: true));
        var std = centred.square().sum(3, keepdim: true).div_(byChannel.size(3) - 1).sqrt_().add_(eps);
        return scope.MoveToOuter(centred.div_(std).transpose(2, 3));
    }

    /// <summary>Per-cell features to tokens: a patch holds k x k cells (k = patch / cell).</summary>
    /// <param name="cells">(B, S, F, H/cell, W/cell)</param>
    /// <returns>(B, N_tokens, k*k*F), ordered (cell row, cell column, feature).</returns>
    public static Tensor CellsToTokens(Tensor cells, TokenGrid g, int cellsPerSide)
    {
        var b = cells.size(0);
        var f = cells.size(2);
        var k = cellsPerSide;
        using var scope = torch.NewDisposeScope();
        var r = cells.reshape(b, g.Slots, f, g.Rows, k, g.Cols, k)
            .permute(0, 1, 3, 5, 4, 6, 2)
            .reshape(b, g.Tokens, (long)k * k * f);
        return scope.MoveToOuter(r);
    }

    /// <summary>Frame index of each slot's chosen frame: slot * tubelet + offset.</summary>
    public static Tensor SlotFrames(TokenGrid g, int offset, Device device) =>
        torch.arange(offset, (double)g.Slots * g.Tubelet, g.Tubelet, torch.int64, device);
}
