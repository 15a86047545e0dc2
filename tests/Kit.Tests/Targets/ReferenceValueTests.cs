using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>The kit's targets against an independent PyTorch re-derivation (tools/targets/reference.py writes data/targets).</summary>
public class ReferenceValueTests
{
    private static readonly TokenGrid Grid = new(4, 32, 32, 2, 16);

    private static Tensor Load(string name) => Npy.Load(TestUtil.Data(Path.Combine("targets", name + ".npy")));

    private static ClipBatch Batch() => new(Load("clip").unsqueeze(0), null, Load("flow").unsqueeze(0), null, 2);

    private static void Same(Tensor expected, Tensor actual, double atol, string what)
    {
        TestUtil.Shape(actual, expected.shape);
        var diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff <= atol, $"{what}: max abs difference {diff} > {atol}");
    }

    [Theory]
    [InlineData("pixel", "pixel", null, 1e-3)]
    [InlineData("hog_mf", "hog", null, 1e-4)]
    [InlineData("hog_mme", "hog", """{"Variant": "Mme"}""", 1e-4)]
    [InlineData("diff", "frame-diff", null, 1e-3)]
    public void TargetsMatchTheReference(string file, string target, string? settings, double atol)
    {
        using var scope = NewDisposeScope();
        using var batch = Batch();
        var t = TargetRegistry.Create(target, new TargetContext(Grid), settings);
        Same(Load(file), t.Compute(batch, Grid)[0].Values.squeeze(0), atol, file);
    }

    [Fact]
    public void TrajectoryPositionsMatchThePerPointReference()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch();
        var t = TargetRegistry.Create("trajectory", new TargetContext(Grid), """{"Length": 3, "Shape": false, "Norm": "Step"}""");
        var part = t.Compute(batch, Grid)[0];
        Same(Load("traj"), part.Values.squeeze(0), 2e-3, "trajectory");
        Assert.Equal(Load("traj_valid").ToArray<bool>(), part.Valid!.squeeze(0).ToArray<bool>());
    }
}
