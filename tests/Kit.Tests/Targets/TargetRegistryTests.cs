using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>Registry, presets and composites (TargetRegistry.cs, CompositeTarget.cs).</summary>
public class TargetRegistryTests
{
    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 16);

    [Fact]
    public void EveryEntryAndPresetComputesTheDimensionsItReports()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var ctx = new TargetContext(Grid, 3, 2);
        var flow = nn.functional.avg_pool2d(randn(15, 2, 32, 32), [5, 5], [1, 1], [2, 2]).reshape(1, 15, 2, 32, 32);
        var raw = rand(1, 3, 16, 32, 32);
        using var batch = Synthetic.Batch(raw.index_select(2, arange(0, 8, 2)).contiguous(), 2, raw, flow);
        var names = TargetRegistry.Entries.Select(e => e.Name).Concat(TargetRegistry.Presets.Keys);
        foreach (var name in names)
        {
            using var inner = NewDisposeScope();
            // 16 raw frames and 15 flows: enough for the default L = 6 trajectories of the last cube (flow 4..9)
            var t = TargetRegistry.Create(new TargetSpec(name), ctx);
            var parts = t.Compute(batch, Grid);
            Assert.Equal(t.Parts.Select(p => p.Name), parts.Select(p => p.Name));
            foreach (var (part, (pname, dim)) in parts.Zip(t.Parts))
            {
                TestUtil.Shape(part.Values, 1, Grid.Tokens, dim);
                Assert.True(part.Values.isfinite().all().item<bool>(), $"{name}/{pname} has non-finite values");
            }
        }
    }

    [Fact]
    public void JsonSettingsBuildTheTypedConfigAndTyposFail()
    {
        var ctx = new TargetContext(Grid);
        var hog = (HogTarget)TargetRegistry.Create("hog", ctx, """{"Variant": "Mme", "Dense": true}""");
        Assert.Equal(new HogConfig(HogVariant.Mme, Dense: true), hog.Config);
        var composite = (CompositeTarget)TargetRegistry.Create("hog+traj", ctx, """{"trajectory": {"Shape": false, "Length": 4}}""");
        Assert.Equal(["hog", "position"], composite.Parts.Select(p => p.Name));
        Assert.Equal(2 * 4 * 4, composite.Parts[1].Dim);
        Assert.Contains("Varient", Assert.Throws<ArgumentException>(() => TargetRegistry.Create("hog", ctx, """{"Varient": "Mme"}""")).Message);
        Assert.Contains("known:", Assert.Throws<ArgumentException>(() => TargetRegistry.Create("hogg", ctx)).Message);
        Assert.Contains("not one of its parts", Assert.Throws<ArgumentException>(() => TargetRegistry.Create("hog+hof", ctx, """{"mbh": {}}""")).Message);
        Assert.All(TargetRegistry.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Description)));
    }
}
