using System.Diagnostics;
using Kit.Model;
using Kit.Torch;
using static Kit.Torch.torch;
using F = Kit.Torch.torch.nn.functional;

namespace Kit.Demo;

/// <summary>Settings of the engine demo: a transformer learns to count the "on" tokens of a binary sequence.</summary>
public sealed record CountingDemoConfig(int Tokens = 16, int Dim = 64, int Heads = 4, int Depth = 2, int Batch = 64, int Steps = 400, double Lr = 2e-3, ulong Seed = 0, string Device = "auto");

/// <summary>What the demo measured.</summary>
public sealed record CountingDemoResult(double FirstLoss, double FinalLoss, double TestAccuracy, double ReloadedAccuracy, double Seconds, long Parameters, string Checkpoint);

/// <summary>
/// The engine end to end: modules, autograd, AdamW, dispose scopes, an atomic checkpoint that Python's torch.load
/// can open, reload, and evaluation. Counting needs attention to mix information across tokens, so a model that
/// reaches high accuracy shows every layer working.
/// </summary>
public static class CountingDemo
{
    private sealed class Counter : nn.Module<Tensor, Tensor>
    {
        private readonly Kit.Torch.Modules.Linear embed;
        private readonly Kit.Torch.Modules.ModuleList<Block> blocks;
        private readonly Kit.Torch.Modules.LayerNorm norm;
        private readonly Kit.Torch.Modules.Linear head;

        public Counter(CountingDemoConfig c)
        {
            embed = register_module("embed", nn.Linear(1, c.Dim));
            blocks = register_module("blocks", nn.ModuleList(Enumerable.Range(0, c.Depth).Select(_ => new Block(c.Dim, c.Heads)).ToArray()));
            norm = register_module("norm", nn.LayerNorm(c.Dim, eps: 1e-6));
            head = register_module("head", nn.Linear(c.Dim, c.Tokens + 1));
        }

        /// <param name="bits">(B, N, 1) float 0/1</param>
        /// <returns>(B, N+1) logits over the count</returns>
        public override Tensor forward(Tensor bits)
        {
            using var scope = NewDisposeScope();
            var x = embed.call(bits);
            foreach (var b in blocks) x = b.call(x);
            return scope.MoveToOuter(head.call(norm.call(x).mean(1)));
        }
    }

    private static (Tensor bits, Tensor labels) Batch(CountingDemoConfig c, Device device)
    {
        var bits = (rand([c.Batch, c.Tokens, 1], device: device) > 0.5).to(float32);
        return (bits, bits.sum([1L, 2L]).to(int64));
    }

    private static double Accuracy(Counter model, CountingDemoConfig c, Device device)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var correct = 0.0;
        for (var i = 0; i < 8; i++)
        {
            var (bits, labels) = Batch(c, device);
            correct += model.call(bits).argmax(1).eq(labels).to(float32).mean().item<float>();
        }
        model.train();
        return correct / 8;
    }

    public static CountingDemoResult Run(CountingDemoConfig c, string outDir, Action<int, double>? progress = null)
    {
        var device = Kit.Torch.Device.Parse(c.Device);
        manual_seed(c.Seed);
        var sw = Stopwatch.StartNew();
        using var model = new Counter(c);
        model.to(device);
        using var opt = optim.AdamW(model.parameters(), lr: c.Lr, weight_decay: 0.01);
        double first = double.NaN, last = double.NaN;
        for (var step = 0; step < c.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var (bits, labels) = Batch(c, device);
            var loss = F.cross_entropy(model.call(bits), labels);
            opt.zero_grad();
            loss.backward();
            opt.step();
            last = loss.item<double>();
            if (step == 0) first = last;
            if (!double.IsFinite(last)) throw new InvalidOperationException($"loss became {last} at step {step}");
            progress?.Invoke(step + 1, last);
        }
        var accuracy = Accuracy(model, c, device);
        var checkpoint = Path.Combine(outDir, "counting-demo.pt");
        model.save(checkpoint, c);
        using var reloaded = new Counter(c);
        reloaded.to(device);
        reloaded.load(checkpoint);
        manual_seed(c.Seed + 1);
        var reloadedAccuracy = Accuracy(reloaded, c, device);
        return new CountingDemoResult(first, last, accuracy, reloadedAccuracy, sw.Elapsed.TotalSeconds, model.num_parameters(), checkpoint);
    }
}
