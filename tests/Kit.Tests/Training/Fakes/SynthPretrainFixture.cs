using Kit.Data.Synth;
using Kit.Pipeline;

namespace Kit.Tests.Training.Fakes;

/// <summary>
/// The kit's synthetic motion dataset at test size (24 videos of 32x32x24, so trajectories of the last cube of an
/// 8-frame stride-2 clip still see motion), generated on first use and shared by the tests of a class, with a flow
/// cache beside it that the trajectory rows fill once.
/// </summary>
public sealed class SynthPretrainFixture : IDisposable
{
    private readonly Lazy<DatasetSplits> splits;
    private string? dir;

    public SynthPretrainFixture()
    {
        splits = new Lazy<DatasetSplits>(() =>
        {
            dir = Directory.CreateTempSubdirectory("kit-synth-pretrain").FullName;
            var o = SynthDataset.Generate(Path.Combine(dir, "data"), Config);
            return new DatasetSplits(o.Train, o.Val, o.Test, FlowCacheDir: Path.Combine(dir, "flow-cache"));
        });
    }

    public static SynthConfig Config => SynthConfig.Tiny with { Frames = 24, Seed = 11 };

    /// <summary>Manifests of the generated dataset (stride and flow settings are the caller's).</summary>
    public DatasetSplits Splits => splits.Value;

    public void Dispose()
    {
        if (dir is not null && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
