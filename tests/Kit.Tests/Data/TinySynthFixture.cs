using Kit.Data.Synth;

namespace Kit.Tests.Data;

/// <summary>One tiny synthetic dataset (24 videos of 32x32x16) shared by the tests of a class.</summary>
public sealed class TinySynthFixture : IDisposable
{
    public TinySynthFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("kit-synth").FullName;
        Output = SynthDataset.Generate(Directory, SynthConfig.Tiny with { Seed = 5 });
    }

    public string Directory { get; }
    public SynthOutput Output { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
