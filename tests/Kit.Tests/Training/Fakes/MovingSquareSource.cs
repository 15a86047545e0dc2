using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training.Fakes;

/// <summary>
/// Test-only clip source: a bright square moving at constant speed over a dark background; the label is its direction
/// (0 right, 1 left, 2 down, 3 up). Deterministic in (seed, epoch, batch index), like a real source must be.
/// </summary>
public sealed class MovingSquareSource(ClipSourceRequest request, int videos = 64) : IClipSource
{
    public int Classes => 4;

    public int BatchesPerEpoch(int batchSize) => videos / batchSize;

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0)
    {
        var order = Enumerable.Range(0, videos).ToArray();
        new Random(HashCode.Combine(request.Seed, epoch)).Shuffle(order);
        for (var b = skip; b < BatchesPerEpoch(batchSize); b++)
            yield return Make(order.Skip(b * batchSize).Take(batchSize).ToArray(), epoch, 1);
    }

    public IEnumerable<ClipBatch> Evaluation(int batchSize)
    {
        for (var start = 0; start < videos; start += batchSize)
            yield return Make(Enumerable.Range(start, Math.Min(batchSize, videos - start)).ToArray(), -1, request.Views.Count);
    }

    /// <summary>Clips of the given video ids; with views, each video repeats with a one-pixel shift per view.</summary>
    private ClipBatch Make(int[] ids, int epoch, int views)
    {
        using var scope = NewDisposeScope();
        var g = request.Grid;
        var n = ids.Length * views;
        var x0 = new float[n];
        var y0 = new float[n];
        var vx = new float[n];
        var vy = new float[n];
        var labels = new long[n];
        for (var i = 0; i < n; i++)
        {
            var id = ids[i / views];
            var rng = new Random(HashCode.Combine(request.Seed, id, epoch < 0 ? 0 : epoch));
            var dir = id % 4;
            var speed = 1 + rng.Next(2);
            (vx[i], vy[i]) = dir switch { 0 => (speed, 0), 1 => (-speed, 0), 2 => (0, speed), _ => (0, -speed) };
            x0[i] = rng.Next(g.Width / 4, 3 * g.Width / 4) + i % views;
            y0[i] = rng.Next(g.Height / 4, 3 * g.Height / 4);
            labels[i] = dir;
        }
        var t = arange(0, g.Frames, 1, float32).reshape(1, 1, g.Frames, 1, 1);
        var ys = arange(0, g.Height, 1, float32).reshape(1, 1, 1, g.Height, 1);
        var xs = arange(0, g.Width, 1, float32).reshape(1, 1, 1, 1, g.Width);
        Tensor P(float[] v) => tensor(v, [n, 1, 1, 1, 1]);
        var cx = P(x0) + P(vx) * t;
        var cy = P(y0) + P(vy) * t;
        var half = g.Patch / 4.0;
        var inside = ((xs - cx).abs() <= half) & ((ys - cy).abs() <= half);                 // (n, 1, T, H, W)
        var clip = (inside.to(float32) * 0.8 + 0.1).expand(n, 3, g.Frames, g.Height, g.Width).contiguous().to(request.Device);
        var lab = request.Labelled ? tensor(labels).to(request.Device) : null;
        var batch = new ClipBatch(scope.MoveToOuter(clip).DetachFromDisposeScope(), null, null, lab is null ? null : scope.MoveToOuter(lab).DetachFromDisposeScope(), 1);
        return batch;
    }

    public void Dispose() { }
}
