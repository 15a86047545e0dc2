using Kit.Model;
using Kit.Torch;
using static Kit.Torch.torch;
using F = Kit.Torch.torch.nn.functional;

namespace Kit.Tests.Torch;

/// <summary>End to end: modules, autograd and AdamW learn small tasks.</summary>
public class ToyTaskTests
{
    [Fact]
    public void MlpLearnsXor()
    {
        manual_seed(0);
        using var model = nn.Sequential(nn.Linear(2, 16), nn.GELU(), nn.Linear(16, 2));
        using var opt = optim.AdamW(model.parameters(), lr: 0.05, weight_decay: 0);
        using var x = tensor(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, [4, 2]);
        using var y = tensor(new long[] { 0, 1, 1, 0 });
        for (var i = 0; i < 300; i++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            F.cross_entropy(model.call(x), y).backward();
            opt.step();
        }
        using var pred = model.call(x).argmax(1);
        Assert.Equal(new long[] { 0, 1, 1, 0 }, pred.ToArray<long>());
    }

    [Fact]
    public void TransformerBlockLearnsToCountTokens()
    {
        // Class = how many of the 8 tokens are "on": needs attention to mix information across tokens.
        manual_seed(1);
        using var embed = nn.Linear(1, 32);
        using var block = new Block(32, 4);
        using var head = nn.Linear(32, 9);
        var ps = embed.parameters().Concat(block.parameters()).Concat(head.parameters()).ToList();
        using var opt = optim.AdamW(ps, lr: 3e-3, weight_decay: 0);
        double first = 0, last = 0;
        for (var step = 0; step < 250; step++)
        {
            using var scope = NewDisposeScope();
            var bits = (rand(64, 8, 1) > 0.5).to(float32);
            var labels = bits.sum([1L, 2L]).to(int64);
            var logits = head.call(block.call(embed.call(bits)).mean(1));
            var loss = F.cross_entropy(logits, labels);
            opt.zero_grad();
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item<double>();
            last = loss.item<double>();
        }
        Assert.True(last < first * 0.5, $"loss went from {first:F3} to {last:F3}");
    }
}
