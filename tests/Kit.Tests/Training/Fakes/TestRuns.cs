using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using Kit.Training;

namespace Kit.Tests.Training.Fakes;

/// <summary>Small pre-training setups on the moving-square fake, for trainer tests.</summary>
public static class TestRuns
{
    public static ModelConfig Tiny => ModelPresets.Get("cpu-tiny");

    public static PretrainConfig Pretrain(int steps, ulong seed = 1) => new(
        Tiny,
        new ComponentConfig("test-squares"),
        new ComponentConfig("test-pixel"),
        new ComponentConfig("test-random"),
        Optim: new OptimizerConfig(BaseLr: 1.5e-3 * 256 / 8 / 4, WarmupFraction: 0.05),
        Steps: steps,
        BatchSize: 8,
        Seed: seed,
        Device: "cpu",
        CheckpointEvery: 1000,
        LogEvery: 10);

    public static ClipSourceRequest Request(ModelConfig m, ulong seed = 1, bool labelled = false, ViewSpec? views = null) =>
        new("train", TargetNeeds.None, m.Grid, seed, Device.CPU, views ?? new ViewSpec(), labelled);

    public static Pretrainer NewPretrainer(PretrainConfig c, string dir, ITarget? target = null) =>
        new(c, target ?? new CubePixelTarget(c.Model.Grid), new RandomTokenMask(0.75), new MovingSquareSource(Request(c.Model, c.Seed)), dir);

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "kit-tests-model", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
