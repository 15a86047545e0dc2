using Kit.Data;

namespace Kit.Tests.Data;

public class DataBenchTests
{
    [Fact]
    public void ReportsLoaderTrainingAndEveryFlowMethodAtEachSize()
    {
        var dir = Directory.CreateTempSubdirectory("kit-benchdata").FullName;
        var r = DataBench.Run(new DataBenchConfig(Videos: 6, Batches: 1, BatchSize: 2, FlowFrames: 2, ProxyDim: 64, ProxyDepth: 1), dir);
        Assert.True(r.SynthVideosPerSecond > 0);
        Assert.Equal(5, r.Loader.Count);
        Assert.All(r.Loader, l => Assert.True(l.ClipsPerSecond > 0));
        Assert.True(r.TrainClipsPerSecond > 0);
        Assert.Equal(18, r.Flow.Count);
        Assert.Equal(new[] { 64, 112, 224 }, r.Flow.Select(f => f.Size).Distinct().ToArray());
        Assert.Equal(3, r.Flow.Select(f => f.Method).Distinct().Count());
    }
}
