using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

public class ModuleTests
{
    private sealed class TwoLayer : nn.Module<Tensor, Tensor>
    {
        public readonly Kit.Torch.Modules.Linear fc1;
        public readonly Kit.Torch.Modules.LayerNorm norm;
        public readonly Kit.Torch.Modules.Linear fc2;

        public TwoLayer()
        {
            fc1 = register_module("fc1", nn.Linear(4, 8));
            norm = register_module("norm", nn.LayerNorm(8));
            fc2 = register_module("fc2", nn.Linear(8, 2, bias: false));
            using var scope = NewDisposeScope();
            register_buffer("counter", zeros(1));
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return scope.MoveToOuter(fc2.call(nn.functional.gelu(norm.call(fc1.call(x)))));
        }
    }

    [Fact]
    public void NamedParametersBuffersAndCounts()
    {
        using var m = new TwoLayer();
        Assert.Equal(new[] { "fc1.weight", "fc1.bias", "norm.weight", "norm.bias", "fc2.weight" }, m.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "counter" }, m.named_buffers().Select(b => b.name));
        Assert.Equal(4 * 8 + 8 + 8 + 8 + 16, m.num_parameters());
        // PyTorch order: a module's own parameters and buffers, then its children's.
        Assert.Equal(new[] { "counter", "fc1.weight", "fc1.bias", "norm.weight", "norm.bias", "fc2.weight" }, m.state_dict().Keys);
        Assert.All(m.parameters(), p => Assert.True(p.requires_grad));
        using var y = m.call(zeros(3, 4));
        TestUtil.Shape(y, 3, 2);
    }

    [Fact]
    public void TrainEvalPropagatesToChildren()
    {
        using var seq = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5));
        Assert.True(seq.children().All(c => c.training));
        seq.eval();
        Assert.True(seq.children().All(c => !c.training));
        manual_seed(0);
        using var x = ones(100, 2);
        using var a = seq.call(x);
        using var b = seq.call(x);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>()); // no dropout in eval
    }

    [Fact]
    public void LinearInitialisationFollowsPyTorchBounds()
    {
        manual_seed(0);
        using var l = nn.Linear(100, 50);
        var bound = 1 / Math.Sqrt(100);
        Assert.All(l.weight.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.All(l.bias!.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
    }

    [Fact]
    public void InitialisersHaveTheRightStatistics()
    {
        manual_seed(0);
        using var t = empty(200, 300);
        nn.init.xavier_uniform_(t);
        var a = Math.Sqrt(6.0 / 500);
        Assert.All(t.ToArray<float>(), v => Assert.InRange(v, -a, a));
        nn.init.trunc_normal_(t, std: 0.02, a: -0.04, b: 0.04);
        var vals = t.ToArray<float>();
        Assert.All(vals, v => Assert.InRange(v, -0.04f, 0.04f));
        var sd = Math.Sqrt(vals.Select(v => (double)v * v).Average());
        Assert.InRange(sd, 0.015, 0.019); // std of N(0, 0.02) truncated at 2 sigma is 0.0176
        nn.init.zeros_(t);
        Assert.All(t.ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void LoadStateDictChecksNamesAndShapes()
    {
        using var a = new TwoLayer();
        using var b = new TwoLayer();
        b.load_state_dict(a.state_dict());
        Assert.Equal(a.fc1.weight.ToArray<float>(), b.fc1.weight.ToArray<float>());
        var bad = new Dictionary<string, Tensor>(a.state_dict());
        bad.Remove("fc2.weight");
        Assert.Contains("missing [fc2.weight]", Assert.Throws<ArgumentException>(() => b.load_state_dict(bad)).Message);
        using var wrong = zeros(3, 3);
        bad["fc2.weight"] = wrong;
        Assert.Contains("fc2.weight", Assert.Throws<ArgumentException>(() => b.load_state_dict(bad)).Message);
    }

    [Fact]
    public void ModuleListAndConv3d()
    {
        using var list = nn.ModuleList(nn.Linear(2, 2), nn.Linear(2, 2));
        Assert.Equal(2, list.Count);
        Assert.Equal(new[] { "0.weight", "0.bias", "1.weight", "1.bias" }, list.named_parameters().Select(p => p.name));
        using var conv = nn.Conv3d(3, 8, [2, 4, 4], stride: [2, 4, 4]);
        using var y = conv.call(zeros(1, 3, 4, 8, 8));
        TestUtil.Shape(y, 1, 8, 2, 2, 2);
    }
}
