using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Turns chosen visible tokens or token scores into a <see cref="MaskResult"/>.</summary>
public static class MaskBuilder
{
    /// <param name="visible">(B, V) int64 visible token indices (any order)</param>
    /// <param name="tokens">N, tokens per clip</param>
    public static MaskResult FromVisible(Tensor visible, long tokens)
    {
        using var scope = NewDisposeScope();
        var sorted = visible.sort(1).values;
        var mask = ones([visible.size(0), tokens], @bool, visible.device).scatter(1, sorted, 0.0);
        return new MaskResult(scope.MoveToOuter(mask), scope.MoveToOuter(sorted));
    }

    /// <summary>Keeps the <paramref name="visible"/> highest-scoring tokens of each clip visible.</summary>
    /// <param name="scores">(B, N) float</param>
    public static MaskResult TopK(Tensor scores, long visible)
    {
        using var scope = NewDisposeScope();
        var idx = scores.topk(visible, 1).indices;
        var r = FromVisible(idx, scores.size(1));
        return new MaskResult(scope.MoveToOuter(r.Mask), scope.MoveToOuter(r.Visible));
    }

    /// <summary>Keeps the <paramref name="visiblePerSlot"/> highest-scoring tokens of every temporal slot visible.</summary>
    /// <param name="scores">(B, S, N_slot) float</param>
    public static MaskResult TopKPerSlot(Tensor scores, long visiblePerSlot)
    {
        var s = scores.shape;
        using var scope = NewDisposeScope();
        var idx = scores.topk(visiblePerSlot, 2).indices + arange(0, s[1] * s[2], s[2], int64, scores.device).reshape(1, s[1], 1);
        var r = FromVisible(idx.reshape(s[0], s[1] * visiblePerSlot), s[1] * s[2]);
        return new MaskResult(scope.MoveToOuter(r.Mask), scope.MoveToOuter(r.Visible));
    }
}
