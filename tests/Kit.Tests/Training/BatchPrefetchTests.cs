using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using Kit.Tests.Training.Fakes;
using Kit.Torch;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training;

public class BatchPrefetchTests
{
    /// <summary>A target that records the thread and the order of its calls and can fail at a chosen call.</summary>
    private sealed class RecordingTarget(ITarget inner, int failAtCall = -1) : ITarget
    {
        public List<int> Threads { get; } = [];
        public List<float> FirstValues { get; } = [];
        public string Name => inner.Name;
        public IReadOnlyList<(string Name, int Dim)> Parts => inner.Parts;
        public TargetNeeds Needs => inner.Needs;

        public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
        {
            lock (Threads)
            {
                Threads.Add(Environment.CurrentManagedThreadId);
                FirstValues.Add(batch.Clip.flatten()[0].item<float>());
                if (Threads.Count - 1 == failAtCall) throw new InvalidOperationException($"target failed at call {failAtCall}");
            }
            return inner.Compute(batch, grid);
        }
    }

    private static List<ClipBatch> Batches(int n) =>
        Enumerable.Range(0, n).Select(i => new ClipBatch(full([1L, 3, 4, 32, 32], (float)i), null, null, null, 1)).ToList();

    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 16);

    [Fact]
    public void TargetsRunOnTheWorkerInOrderOneBatchAhead()
    {
        var target = new RecordingTarget(new CubePixelTarget(Grid, normalize: false));
        var batches = Batches(4);
        using var prefetch = new BatchPrefetch(target, Grid);
        var seen = new List<float>();
        foreach (var b in prefetch.Ahead(batches))
        {
            // By the time batch k is handed out, batch k+1 is queued: its target is computed while k trains.
            var k = (int)b.Clip.flatten()[0].item<float>();
            seen.Add(k);
            using var prepared = prefetch.Take(b)!;
            using var expected = new CubePixelTarget(Grid, normalize: false).Compute(b, Grid)[0];
            Assert.True(prepared.Parts[0].Values.allclose(expected.Values, 0, 0), $"batch {k}: the worker's target differs from the inline one");
            Assert.Null(prepared.Mask);
        }
        Assert.Equal([0f, 1f, 2f, 3f], seen);
        Assert.Equal([0f, 1f, 2f, 3f], target.FirstValues);
        Assert.All(target.Threads, t => Assert.Equal(prefetch.WorkerThreadId, t));
        Assert.NotEqual(Environment.CurrentManagedThreadId, prefetch.WorkerThreadId);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void StoppingEarlyFreesTheBatchFetchedAhead()
    {
        var batches = Batches(4);
        using var prefetch = new BatchPrefetch(new CubePixelTarget(Grid), Grid);
        foreach (var b in prefetch.Ahead(batches))
        {
            prefetch.Take(b)!.Dispose();
            break;
        }
        Assert.False(batches[0].Clip.IsDisposed); // handed out: the caller's to free
        Assert.True(batches[1].Clip.IsDisposed);  // fetched ahead, never handed out
        Assert.False(batches[2].Clip.IsDisposed); // never fetched: still the source's
        Assert.Null(prefetch.Take(batches[1]));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void ATargetFailureSurfacesOnTheBatchThatNeedsIt()
    {
        var batches = Batches(3);
        using var prefetch = new BatchPrefetch(new RecordingTarget(new CubePixelTarget(Grid), failAtCall: 1), Grid);
        var taken = 0;
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var b in prefetch.Ahead(batches))
            {
                prefetch.Take(b)!.Dispose();
                taken++;
            }
        });
        Assert.Equal("target failed at call 1", e.Message);
        Assert.Equal(1, taken);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void MotionGuidedFlowsPreparedAheadGiveTheSameMask()
    {
        var grid = new TokenGrid(4, 32, 32, 2, 8);
        var mask = new MotionGuidedMask(new MotionGuidedConfig(Flow: MaskFlowSource.Online, Initial: InitialMap.TokenRandom));
        manual_seed(3);
        var batches = Enumerable.Range(0, 2).Select(_ => new ClipBatch(rand([2L, 3, 4, 32, 32]), null, null, null, 1)).ToList();
        var inline = batches.Select(b => { manual_seed(7); return mask.Generate(b, grid); }).ToList();
        using var prefetch = new BatchPrefetch(new CubePixelTarget(grid), grid, mask);
        var i = 0;
        foreach (var b in prefetch.Ahead(batches))
        {
            using var prepared = prefetch.Take(b)!;
            Assert.IsType<MotionGuidedMask.PreparedFlows>(prepared.Mask);
            manual_seed(7);
            using var m = mask.Generate(b, grid, prepared.Mask);
            Assert.True(m.Mask.eq(inline[i].Mask).all().item<bool>(), $"batch {i}: the mask from prepared flows differs");
            i++;
        }
        Assert.Equal(2, i);
        Assert.Throws<ArgumentException>(() => mask.Generate(batches[0], grid, new MemoryStream()));
        foreach (var m in inline) m.Dispose();
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void PretrainingWithTargetsAheadMatchesTargetsInTheStep()
    {
        var c = TestRuns.Pretrain(steps: 6) with { LogEvery = 1 };
        double[] Losses(bool ahead, out RecordingTarget target)
        {
            target = new RecordingTarget(new CubePixelTarget(c.Model.Grid));
            var source = new MovingSquareSource(TestRuns.Request(c.Model, c.Seed));
            using var t = new Pretrainer(c, target, new RandomTokenMask(0.75), source, TestRuns.TempDir()) { TargetsAhead = ahead };
            return t.Run().Log.Select(p => p.Loss).ToArray();
        }
        var inStep = Losses(false, out var inline);
        var ahead = Losses(true, out var background);
        Assert.Equal(inStep, ahead);
        Assert.All(inline.Threads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
        Assert.All(background.Threads, id => Assert.NotEqual(Environment.CurrentManagedThreadId, id));
        Assert.Equal(7, background.Threads.Count); // 6 steps plus the batch fetched ahead of the last
    }
}
