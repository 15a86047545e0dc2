using Kit.Pipeline;

namespace Kit.Tests.Pipeline;

public class LessonsTests
{
    [Fact]
    public void TheClipIsOneHeldOutTestClipWithItsExactFlow()
    {
        var (batch, grid, label) = Lessons.Clip(index: 1);
        using (batch)
        {
            Assert.Equal("move_right", label);
            Assert.Equal(new long[] { 1, 3, 8, 64, 64 }, batch.Clip.shape);
            Assert.Equal(1L, batch.Labels!.ToArray<long>()[0]);
            // A rightward motion: the exact flow's mean x component where anything moves is positive.
            var dx = batch.Flow![0, .., 0];
            Assert.True(dx.sum().item<float>() > 0);
            Assert.Equal(grid.Frames, (int)batch.Clip.size(2));
        }
    }

    [Fact]
    public void TrajectoryPathsGrowWithTheirLength()
    {
        var json = Lessons.TrajectoryLengths([2, 8]).ToJson();
        var traces = json["data"]!.AsArray().Where(t => (string?)t!["type"] == "scatter").ToList();
        var byName = traces.Where(t => t!["name"] is not null).ToDictionary(t => (string)t!["name"]!, t => t!["x"]!.AsArray().Count);
        Assert.Equal(3, byName["L = 2"]);
        Assert.Equal(9, byName["L = 8"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Lessons.TrajectoryLengths([99]));
    }

    [Fact]
    public void MaskRatiosDrawOneRowPerStrategyAndRatio()
    {
        var figure = Lessons.MaskRatios(["tube", "motion-guided"], [0.75, 0.9]);
        var text = figure.ToJson().ToJsonString();
        Assert.Contains("tube 75", text);
        Assert.Contains("motion-guided 90", text);
    }
}
