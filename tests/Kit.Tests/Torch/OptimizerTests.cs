using System.Text.Json;
using Kit.Torch;
using Kit.Torch.Optim;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

/// <summary>AdamW and SGD replayed against trajectories computed by Python PyTorch (tools/reference/optim_reference.py).</summary>
public class OptimizerTests
{
    private static JsonElement Case(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestUtil.Data("optim_reference.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            if (c.GetProperty("name").GetString() == name) return c.Clone();
        throw new InvalidOperationException($"no reference case {name}");
    }

    private static double[] D(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static void Replay(string name, Func<Parameter[], Optimizer> make)
    {
        var c = Case(name);
        var shapes = c.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(x => x.GetInt64()).ToArray()).ToArray();
        var init = c.GetProperty("initial").EnumerateArray().Select(D).ToArray();
        var ps = new[] { new Parameter(tensor(init[0], shapes[0])), new Parameter(tensor(init[1], shapes[1])) };
        using var opt = make(ps);
        var grads = c.GetProperty("grads").EnumerateArray().ToArray();
        var after = c.GetProperty("after_step").EnumerateArray().ToArray();
        for (var step = 0; step < grads.Length; step++)
        {
            var g = grads[step].EnumerateArray().Select(D).ToArray();
            for (var i = 0; i < ps.Length; i++)
            {
                // Produce the gradient through autograd: d/dp sum(p * g) = g.
                using var scope = NewDisposeScope();
                var loss = (ps[i] * tensor(g[i], shapes[i])).sum();
                loss.backward();
            }
            opt.step();
            opt.zero_grad();
            var expected = after[step].EnumerateArray().Select(D).ToArray();
            for (var i = 0; i < ps.Length; i++)
                TestUtil.Close(expected[i], ps[i].ToArray<double>(), 1e-12);
        }
        foreach (var p in ps) p.Dispose();
    }

    [Fact]
    public void AdamWWithParameterGroupsMatchesPyTorch() =>
        Replay("adamw_groups", ps => optim.AdamW([new ParamGroup([ps[0]], lr: 1e-2, weight_decay: 0.05), new ParamGroup([ps[1]], lr: 3e-3, weight_decay: 0.0)], beta1: 0.9, beta2: 0.95));

    [Fact]
    public void AdamWDefaultsMatchPyTorch() => Replay("adamw_default", ps => optim.AdamW(ps, lr: 1e-3));

    [Fact]
    public void SgdMomentumWithWeightDecayMatchesPyTorch() => Replay("sgd_momentum", ps => optim.SGD(ps, lr: 0.1, momentum: 0.9, weight_decay: 1e-4));

    [Fact]
    public void SgdNesterovMatchesPyTorch() => Replay("sgd_nesterov", ps => optim.SGD(ps, lr: 0.05, momentum: 0.8, nesterov: true));

    [Fact]
    public void PlainSgdMatchesPyTorch() => Replay("sgd_plain", ps => optim.SGD(ps, lr: 0.1));

    [Fact]
    public void StateRoundTripContinuesIdentically()
    {
        manual_seed(3);
        using var a = new Parameter(randn([6], float64));
        using var b = new Parameter(a.clone());
        using var optA = optim.AdamW([a], lr: 0.01);
        using var optB = optim.AdamW([b], lr: 0.05);
        void Step(Parameter p, Optimizer o, double k)
        {
            using var scope = NewDisposeScope();
            (p.square() * k).sum().backward();
            o.step();
            o.zero_grad();
        }
        Step(a, optA, 1);
        Step(b, optB, 1); // different lr: B diverges from A
        var (tensors, json) = optA.state_dict();
        b.copy_(a);
        optB.load_state_dict(tensors, json);
        Assert.Equal(0.01, optB.param_groups[0].lr);
        for (var i = 0; i < 3; i++) { Step(a, optA, 2); Step(b, optB, 2); }
        Assert.Equal(a.ToArray<double>(), b.ToArray<double>());
    }

    [Fact]
    public void ClipGradNormScalesToTheLimitAndReturnsTheOriginalNorm()
    {
        using var p = new Parameter(zeros(2));
        using (var scope = NewDisposeScope()) (p * tensor(new float[] { 3, 4 })).sum().backward();
        var norm = nn.utils.clip_grad_norm_([p], 1.0);
        TestUtil.Close(5.0, norm, 1e-6);
        using var g = p.grad!;
        TestUtil.Close(new[] { 0.6f, 0.8f }, g.ToArray<float>(), 1e-5);
    }

    [Fact]
    public void BadHyperparametersAreRejectedWithTheirNames()
    {
        using var p = new Parameter(zeros(2));
        Assert.Contains("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => optim.AdamW([p], beta1: 1.5)).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentOutOfRangeException>(() => optim.SGD([p], lr: -1)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => optim.AdamW(Array.Empty<Parameter>())).Message);
    }
}
