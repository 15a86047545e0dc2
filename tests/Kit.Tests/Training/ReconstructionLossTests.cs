using Kit.Targets;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Training;

public class ReconstructionLossTests
{
    // One clip, 4 tokens, tokens 1 and 3 masked; 2 features per token.
    private static (Kit.Torch.Tensor pred, Kit.Torch.Tensor values, Kit.Torch.Tensor masked) Setup()
    {
        var values = tensor(new float[] { 9, 9, 1, 2, 9, 9, 3, 5 }, [1, 4, 2]);             // unmasked rows must be ignored
        var pred = tensor(new float[] { 0, 0, 0, 1 }, [1, 2, 2]);                            // predictions for tokens 1 and 3
        return (pred, values, tensor(new long[] { 1, 3 }, [1, 2]));
    }

    [Theory]
    [InlineData(LossKind.Mse, (1 + 4 + 9 + 16) / 4.0)]
    [InlineData(LossKind.L1, (1 + 2 + 3 + 4) / 4.0)]
    [InlineData(LossKind.SmoothL1, (0.5 + 1.5 + 2.5 + 3.5) / 4.0)]
    public void MeanOverMaskedTokensOnly(LossKind kind, double expected)
    {
        using var scope = NewDisposeScope();
        var (pred, values, masked) = Setup();
        var (total, parts) = ReconstructionLoss.Compute([pred], [new TargetPart("p", values, null)], masked, new LossConfig(kind));
        TestUtil.Close(expected, total.item<double>(), 1e-6);
        TestUtil.Close(expected, parts[0].item<double>(), 1e-6);
    }

    [Fact]
    public void InvalidFeaturesDoNotCount()
    {
        using var scope = NewDisposeScope();
        var (pred, values, masked) = Setup();
        // Token 1: only feature 1 counts (squared error 4); token 3: both (9 + 16); token 0 (unmasked) is irrelevant.
        var features = tensor(new[] { false, false, false, true, true, true, true, true }, [1, 4, 2]);
        var (total, _) = ReconstructionLoss.Compute([pred], [new TargetPart("p", values, null, features)], masked, new LossConfig());
        TestUtil.Close((4 + (9 + 16) / 2.0) / 2, total.item<double>(), 1e-6);

        // A token with no valid feature drops out of the mean over tokens.
        var none = tensor(new[] { true, true, false, false, true, true, true, true }, [1, 4, 2]);
        var (onlyToken3, _) = ReconstructionLoss.Compute([pred], [new TargetPart("p", values, null, none)], masked, new LossConfig());
        TestUtil.Close((9 + 16) / 2.0, onlyToken3.item<double>(), 1e-6);
    }

    [Fact]
    public void InvalidTokensDoNotCount()
    {
        using var scope = NewDisposeScope();
        var (pred, values, masked) = Setup();
        var valid = tensor(new[] { true, true, true, false }, [1, 4]);                       // token 3 out of view
        var (total, _) = ReconstructionLoss.Compute([pred], [new TargetPart("p", values, valid)], masked, new LossConfig());
        TestUtil.Close((1 + 4) / 2.0, total.item<double>(), 1e-6);
    }

    [Fact]
    public void PartWeightsGiveAWeightedMean()
    {
        using var scope = NewDisposeScope();
        var (pred, values, masked) = Setup();
        var zeroPred = zeros(1, 2, 2);
        var parts = new[] { new TargetPart("frame", values, null), new TargetPart("motion", values, null) };
        var cfg = new LossConfig(PartWeights: new() { ["frame"] = 1, ["motion"] = 2 });
        var (total, each) = ReconstructionLoss.Compute([pred, zeroPred], parts, masked, cfg);
        var (f, m) = (each[0].item<double>(), each[1].item<double>());
        TestUtil.Close((1 + 4 + 9 + 16) / 4.0, f, 1e-6);
        TestUtil.Close((1 + 4 + 9 + 25) / 4.0, m, 1e-6);
        TestUtil.Close((f + 2 * m) / 3, total.item<double>(), 1e-6);
    }

    [Fact]
    public void MismatchedFeatureSizeNamesThePart()
    {
        using var scope = NewDisposeScope();
        var (_, values, masked) = Setup();
        var e = Assert.Throws<ArgumentException>(() => ReconstructionLoss.Compute([zeros(1, 2, 3)], [new TargetPart("hog", values, null)], masked, new LossConfig()));
        Assert.Contains("hog", e.Message);
    }
}
