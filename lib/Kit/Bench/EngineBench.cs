using System.Diagnostics;
using Kit.Model;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Bench;

/// <summary>Settings of the engine benchmark (defaults: the dim 256, 4 blocks, 128 tokens, batch 16).</summary>
public sealed record EngineBenchConfig(
    int MatmulSize = 1024,
    int MatmulRepeats = 10,
    int Dim = 256,
    int Blocks = 4,
    int Heads = 4,
    int Tokens = 128,
    int Batch = 16,
    int WarmupSteps = 3,
    int TimedSteps = 10,
    int MemorySteps = 2000,
    int MemoryWarmup = 200,
    string Device = "auto");

/// <summary>Measured engine numbers (all times in milliseconds).</summary>
public sealed record EngineBenchResult(
    string Device,
    int Threads,
    string TorchVersion,
    double SgemmGflops,
    double StepMs,
    double StepGflop,
    double StepGflops,
    double StepFractionOfSgemm,
    double StepMatmulsOnlyMs,
    long RssAfterWarmupBytes,
    long RssAfterLoopBytes,
    int MemorySteps);

/// <summary>
/// The engine benchmark: sgemm rate, the training step of a small transformer stack (forward + backward + AdamW), and
/// resident memory across a long training loop under dispose scopes.
/// </summary>
public static class EngineBench
{
    public static EngineBenchResult Run(EngineBenchConfig c, Action<string>? log = null)
    {
        var device = Kit.Torch.Device.Parse(c.Device);
        manual_seed(0);
        var sgemm = Sgemm(c.MatmulSize, c.MatmulRepeats, device);
        log?.Invoke($"sgemm {c.MatmulSize}^3: {sgemm:F1} GFLOP/s");
        var (stepMs, gflop) = TrainStep(c, device);
        log?.Invoke($"train step: {stepMs:F1} ms, {gflop:F2} GFLOP, {gflop / (stepMs / 1000):F1} GFLOP/s");
        var matmulMs = StepMatmulsOnly(c, device);
        log?.Invoke($"the step's matmuls alone (fwd + bwd shapes): {matmulMs:F1} ms");
        var (rssWarm, rssEnd) = MemoryLoop(c.MemorySteps, c.MemoryWarmup, device);
        log?.Invoke($"RSS after {c.MemoryWarmup} steps: {rssWarm / 1e6:F1} MB, after {c.MemorySteps}: {rssEnd / 1e6:F1} MB");
        var rate = gflop / (stepMs / 1000);
        return new EngineBenchResult(device.ToString(), get_num_threads(), version, sgemm, stepMs, gflop, rate, rate / sgemm, matmulMs, rssWarm, rssEnd, c.MemorySteps);
    }

    /// <summary>GFLOP/s of an n x n x n float32 matmul (best of <paramref name="repeats"/>).</summary>
    public static double Sgemm(int n, int repeats, Device device)
    {
        using var scope = NewDisposeScope();
        var a = randn([n, n], device: device);
        var b = randn([n, n], device: device);
        a.matmul(b).Dispose();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            cuda.synchronize();
            var sw = Stopwatch.StartNew();
            using (a.matmul(b)) cuda.synchronize();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    /// <summary>A stack of transformer blocks (the benchmark's model).</summary>
    public sealed class BlockStack : nn.Module<Tensor, Tensor>
    {
        private readonly Kit.Torch.Modules.ModuleList<Block> blocks;

        public BlockStack(int dim, int depth, int heads)
        {
            blocks = register_module("blocks", nn.ModuleList(Enumerable.Range(0, depth).Select(_ => new Block(dim, heads)).ToArray()));
        }

        public double Flops(long batch, long n, long d) => blocks.Sum(b => b.Flops(batch, n, d));

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var h = x;
            foreach (var b in blocks) h = b.call(h);
            return scope.MoveToOuter(h);
        }
    }

    /// <summary>Median ms of a training step and its FLOPs (forward x 3 for forward + backward).</summary>
    public static (double ms, double gflop) TrainStep(EngineBenchConfig c, Device device)
    {
        using var model = new BlockStack(c.Dim, c.Blocks, c.Heads);
        model.to(device);
        using var opt = optim.AdamW(model.parameters(), lr: 1e-4);
        using var x = randn([c.Batch, c.Tokens, c.Dim], device: device);
        using var y = randn([c.Batch, c.Tokens, c.Dim], device: device);
        var times = new List<double>();
        for (var i = 0; i < c.WarmupSteps + c.TimedSteps; i++)
        {
            cuda.synchronize();
            var sw = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                opt.zero_grad();
                var loss = nn.functional.mse_loss(model.call(x), y);
                loss.backward();
                opt.step();
            }
            cuda.synchronize();
            if (i >= c.WarmupSteps) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], 3 * model.Flops(c.Batch, c.Tokens, c.Dim) / 1e9);
    }

    /// <summary>
    /// Time of just the matrix products a training step performs (each linear layer's forward product and its two
    /// backward products, and the attention products), with nothing else: the ceiling the step could reach if every
    /// elementwise op, norm, softmax and optimiser update were free.
    /// </summary>
    public static double StepMatmulsOnly(EngineBenchConfig c, Device device)
    {
        using var scope = NewDisposeScope();
        long m = (long)c.Batch * c.Tokens, d = c.Dim, h = 4L * c.Dim, dh = c.Dim / c.Heads, bh = (long)c.Batch * c.Heads;
        var linear = new (long k, long n)[] { (d, 3 * d), (d, d), (d, h), (h, d) };
        var operands = new List<(Tensor a, Tensor b)>();
        foreach (var (k, n) in linear)
        {
            operands.Add((randn([m, k], device: device), randn([k, n], device: device)));   // forward
            operands.Add((randn([m, n], device: device), randn([n, k], device: device)));   // grad of input
            operands.Add((randn([k, m], device: device), randn([m, n], device: device)));   // grad of weight
        }
        var attention = new List<(Tensor a, Tensor b)>
        {
            (randn([bh, c.Tokens, dh], device: device), randn([bh, dh, c.Tokens], device: device)),
            (randn([bh, c.Tokens, c.Tokens], device: device), randn([bh, c.Tokens, dh], device: device)),
        };
        double Once()
        {
            cuda.synchronize();
            var sw = Stopwatch.StartNew();
            for (var block = 0; block < c.Blocks; block++)
            {
                foreach (var (a, b) in operands) a.matmul(b).Dispose();
                // forward product + two backward products for each of the two attention matmuls
                for (var k = 0; k < 3; k++) foreach (var (a, b) in attention) a.bmm(b).Dispose();
            }
            cuda.synchronize();
            return sw.Elapsed.TotalMilliseconds;
        }
        Once();
        return Enumerable.Range(0, 5).Select(_ => Once()).Order().ElementAt(2);
    }

    /// <summary>
    /// Trains a small MLP for <paramref name="steps"/> steps under per-step dispose scopes and returns resident memory
    /// after <paramref name="warmup"/> steps and at the end: without leaks the two match to within allocator noise.
    /// </summary>
    public static (long afterWarmup, long atEnd) MemoryLoop(int steps, int warmup, Device device)
    {
        using var model = nn.Sequential(nn.Linear(64, 256), nn.GELU(), nn.Linear(256, 64));
        model.to(device);
        using var opt = optim.AdamW(model.parameters(), lr: 1e-3);
        long rssWarm = 0;
        for (var i = 0; i < steps; i++)
        {
            using (NewDisposeScope())
            {
                var x = randn([32, 64], device: device);
                opt.zero_grad();
                var loss = nn.functional.mse_loss(model.call(x), x);
                loss.backward();
                opt.step();
            }
            if (i + 1 == warmup) rssWarm = ResidentBytes();
        }
        return (rssWarm, ResidentBytes());
    }

    /// <summary>Resident set size of this process (VmRSS), in bytes.</summary>
    public static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return Environment.WorkingSet;
    }
}
