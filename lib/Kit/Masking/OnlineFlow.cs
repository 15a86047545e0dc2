using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>Settings of the on-device flow estimator.</summary>
/// <param name="Levels">pyramid levels (each halves the size; stops early when a side would drop below <paramref name="MinSide"/>).</param>
/// <param name="Iterations">Lucas-Kanade refinements per level.</param>
/// <param name="Window">side of the square window the normal equations are summed over (odd).</param>
/// <param name="Regularization">added to the diagonal of the 2x2 structure tensor (keeps flat regions at zero motion).</param>
/// <param name="CoarseIterations">refinements at the levels of a quarter of the size and below (null = <paramref name="Iterations"/>).
/// Each refinement moves at most one pixel of its level, so the coarse levels, which carry large motion and cost a
/// quarter of the level below, get more of them.</param>
/// <param name="MinSide">the pyramid stops before a level's shorter side drops below this many pixels.</param>
/// <remarks>The defaults follow 16 px per frame: six levels down to 2-4 px wide put a 16 px motion at under a pixel at
/// the top, and three refinements there (two at the two finest levels, which cost the most). Against a random texture
/// translated by exactly (d, d/2) px (tests/Kit.Tests/Masking/OnlineFlowAccuracyTests.cs) the mean end-point error is
/// 0.22, 0.22, 0.27 and 0.45 px at d = 2, 4, 8, 16 on 64x64 frames and 0.18, 0.19, 0.17, 0.15 px on 224x224; the former
/// default (3 levels, 2 refinements) lost track past 4 px (6-7 px error at d = 8, 18 px at d = 16).</remarks>
public sealed record OnlineFlowConfig(int Levels = 6, int Iterations = 2, int Window = 9, double Regularization = 1e-3, int? CoarseIterations = 3, int MinSide = 2);

/// <summary>
/// Coarse-to-fine iterative Lucas-Kanade with tensor ops only (central-difference gradients, separable box sums,
/// warping by grid_sample), so MGMAE's motion-guided masking can estimate flow inside the training loop on the GPU. Not
/// differentiated; a cheap stand-in for the release's RAFT.
/// </summary>
public sealed class OnlineFlow(OnlineFlowConfig config)
{
    public OnlineFlowConfig Config { get; } = config.Window % 2 == 1 && config.Window >= 3 && config.Levels >= 1 && config.Iterations >= 1
        && config.CoarseIterations is null or >= 1 && config.MinSide >= 2
        ? config
        : throw new ArgumentOutOfRangeException(nameof(config), $"online flow needs an odd Window >= 3, Levels >= 1, Iterations and CoarseIterations >= 1 and MinSide >= 2, got {config}");

    /// <summary>Flow from <paramref name="from"/> to <paramref name="to"/>: to(x + F(x)) ~ from(x).</summary>
    /// <param name="from">(N, C, H, W) images in [0, 1]</param>
    /// <param name="to">(N, C, H, W)</param>
    /// <returns>(N, 2, H, W) in pixels</returns>
    public Tensor Estimate(Tensor from, Tensor to)
    {
        using var scope = NewDisposeScope();
        var a = new List<Tensor> { from.mean(1, keepdim: true) };
        var b = new List<Tensor> { to.mean(1, keepdim: true) };
        for (var l = 1; l < Config.Levels && a[^1].size(2) >= 2 * Config.MinSide && a[^1].size(3) >= 2 * Config.MinSide; l++)
        {
            a.Add(nn.functional.avg_pool2d(a[^1], [2, 2]));
            b.Add(nn.functional.avg_pool2d(b[^1], [2, 2]));
        }
        // the levels' buffers are kept from one call to the next (for the shapes of the last call only): allocating
        // them afresh every call costs more than the steps that use them. A call that finds another thread using them
        // works with its own.
        var owner = Monitor.TryEnter(cacheLock);
        var previous = owner ? cached : [];
        var used = new List<Level>();
        try
        {
            var flow = Pyramid(a, b, from.device, previous, used);
            return scope.MoveToOuter(flow);
        }
        finally
        {
            if (owner)
            {
                foreach (var l in previous.Except(used)) l.Dispose();
                cached = used;
                Monitor.Exit(cacheLock);
            }
            else
                foreach (var l in used) l.Dispose();
        }
    }

    private readonly object cacheLock = new();
    private List<Level> cached = [];

    private Tensor Pyramid(List<Tensor> a, List<Tensor> b, Device device, List<Level> previous, List<Level> used)
    {
        Tensor? flow = null;
        for (var l = a.Count - 1; l >= 0; l--)
        {
            var (h, w) = (a[l].size(2), a[l].size(3));
            var next = flow is null
                ? zeros([a[l].size(0), 2, h, w], float32, device)
                : Scoped(() => nn.functional.interpolate(flow, [h, w], "bilinear", align_corners: false) * 2);
            flow?.Dispose();
            flow = next;
            var (n, r) = (a[l].size(0), Config.Window / 2);
            var level = previous.FirstOrDefault(x => x.Fits(n, h, w, r, device)) ?? new Level(n, h, w, r, device);
            used.Add(level);
            var iterations = l <= 1 ? Config.Iterations : Config.CoarseIterations ?? Config.Iterations;
            for (var i = 0; i < iterations; i++)
            {
                // the update is added in place and each step's temporaries are freed before the next step allocates, so
                // the steps reuse the same memory instead of touching fresh pages
                using var step = NewDisposeScope();
                flow.add_(Step(a[l], b[l], flow, level));
            }
        }
        return flow!;
    }

    /// <summary>Runs <paramref name="f"/> in its own dispose scope and keeps only its result.</summary>
    private static Tensor Scoped(Func<Tensor> f)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(f());
    }

    /// <summary>What every step of one pyramid level shares: the pixel grid, the grid_sample scale, the in-frame pixel
    /// count of each window (the box means exclude padding) and scratch buffers. Owned by no dispose scope.</summary>
    private sealed class Level : IDisposable
    {
        private readonly (long N, long H, long W, int Radius, string Device) key;

        public Level(long n, long h, long w, int radius, Device device)
        {
            key = (n, h, w, radius, device.ToString());
            using var scope = NewDisposeScope();
            Pixels = scope.Detach(FlowOps.PixelGrid(h, w, device));
            Scale = scope.Detach(tensor(new float[] { 2f / Math.Max(1, w - 1), 2f / Math.Max(1, h - 1) }, [1, 1, 1, 2], device));
            Tensor Extent(long size) =>
                (arange(0, size, 1, float32, device) + (radius + 1)).clamp_max(size) - (arange(0, size, 1, float32, device) - radius).clamp_min(0);
            Count = scope.Detach(Extent(h).reshape(1, 1, h, 1) * Extent(w).reshape(1, 1, 1, w));
            // the box sums' buffers, reused by every step of the level: only their interiors are written, so the zero
            // margins stay zero
            Across = scope.Detach(zeros([n, 5, h, w + 2 * radius], float32, device));
            Down = scope.Detach(zeros([n, 5, h + 2 * radius, w], float32, device));
            Sums = scope.Detach(empty([n, 5, h, w], float32, device));
            Grid = scope.Detach(empty([n, h, w, 2], float32, device));
            Planes = scope.Detach(empty([8, n, 1, h, w], float32, device));
            Update = scope.Detach(empty([n, 2, h, w], float32, device));
            Radius = radius;
        }

        public bool Fits(long n, long h, long w, int radius, Device device) => key == (n, h, w, radius, device.ToString());

        public Tensor Pixels { get; }
        public Tensor Scale { get; }
        public Tensor Count { get; }
        public Tensor Across { get; }
        public Tensor Down { get; }
        public Tensor Sums { get; }
        public Tensor Grid { get; }
        /// <summary>Eight (N, 1, H, W) scratch planes for the step's per-pixel temporaries.</summary>
        public Tensor Planes { get; }
        public Tensor Update { get; }
        public int Radius { get; }

        public void Dispose()
        {
            Pixels.Dispose();
            Scale.Dispose();
            Count.Dispose();
            Across.Dispose();
            Down.Dispose();
            Sums.Dispose();
            Grid.Dispose();
            Planes.Dispose();
            Update.Dispose();
        }
    }

    /// <summary>One Lucas-Kanade update: solve [Sxx Sxy; Sxy Syy] d = -[Sxt; Syt] per pixel.</summary>
    private Tensor Step(Tensor i0, Tensor i1, Tensor flow, Level level)
    {
        var (n, h, w) = (i0.size(0), i0.size(2), i0.size(3));
        var r = level.Radius;
        Tensor Plane(int i) => level.Planes.select(0, i);
        // FlowOps.Warp(i1, flow), its grid built in place
        var grid = level.Grid.copy_(flow.permute(0, 2, 3, 1)).add_(level.Pixels).mul_(level.Scale).sub_(1);
        var warped = nn.functional.grid_sample(i1, grid, "bilinear", "border", align_corners: true);
        var avg = Plane(0).copy_(i0).add_(warped).mul_(0.5);
        // central differences with replicate padding: (next - previous) / 2
        var padded = nn.functional.pad(avg, [1, 1, 1, 1], "replicate");
        var middleRows = padded.narrow(2, 1, h);
        var middleCols = padded.narrow(3, 1, w);
        var ix = Plane(1).copy_(middleRows.narrow(3, 2, w)).sub_(middleRows.narrow(3, 0, w)).mul_(0.5);
        var iy = Plane(2).copy_(middleCols.narrow(2, 2, h)).sub_(middleCols.narrow(2, 0, h)).mul_(0.5);
        var it = Plane(3).copy_(warped).sub_(i0);
        // the five products of the normal equations, written into a zero-padded buffer and box-summed in one separable
        // pass (window sums of in-frame pixels divided by their count: the in-frame box mean) by in-place adds of
        // shifted views into the level's buffers: no fresh memory, which costs more than the adds on a CPU
        var across = level.Across;
        var products = across.narrow(3, r, w);
        products.narrow(1, 0, 1).copy_(ix).mul_(ix);
        products.narrow(1, 1, 1).copy_(iy).mul_(iy);
        products.narrow(1, 2, 1).copy_(ix).mul_(iy);
        products.narrow(1, 3, 1).copy_(ix).mul_(it);
        products.narrow(1, 4, 1).copy_(iy).mul_(it);
        var down = level.Down;
        var rowSums = down.narrow(2, r, h).copy_(across.narrow(3, 0, w));
        for (var t = 1; t <= 2 * r; t++) rowSums.add_(across.narrow(3, t, w));
        var sums = level.Sums.copy_(down.narrow(2, 0, h));
        for (var t = 1; t <= 2 * r; t++) sums.add_(down.narrow(2, t, h));
        sums.div_(level.Count);
        var sxx = Plane(4).copy_(sums.narrow(1, 0, 1)).add_(Config.Regularization);
        var syy = Plane(5).copy_(sums.narrow(1, 1, 1)).add_(Config.Regularization);
        var sxy = sums.narrow(1, 2, 1);
        var sxt = sums.narrow(1, 3, 1);
        var syt = sums.narrow(1, 4, 1);
        var scratch = Plane(7);
        var det = Plane(6).copy_(sxx).mul_(syy).sub_(scratch.copy_(sxy).mul_(sxy));
        var update = level.Update;
        update.narrow(1, 0, 1).copy_(syy).mul_(sxt).sub_(scratch.copy_(sxy).mul_(syt)).div_(det).neg_(); // du = -(syy sxt - sxy syt) / det
        update.narrow(1, 1, 1).copy_(sxx).mul_(syt).sub_(scratch.copy_(sxy).mul_(sxt)).div_(det).neg_(); // dv = -(sxx syt - sxy sxt) / det
        // one step never moves more than a pixel at this level: keeps ill-conditioned windows from exploding
        return update.clamp_(-1, 1);
    }
}
