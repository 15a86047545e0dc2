using System.Text.Json.Nodes;
using Kit.Pipeline;
using Kit.Tests.Training.Fakes;
using Kit.Torch;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Tests.Pipeline;

/// <summary>The data sources the CLI resolves by name ("manifest", "synthetic") feed what the target asks for.</summary>
[Collection("RowExecutors")]
public class SourcesTests(SynthPretrainFixture synth) : IClassFixture<SynthPretrainFixture>
{
    [Fact]
    public void ManifestSourceCarriesTheFlowATrajectoryTargetNeedsPastTheSpan()
    {
        TestUtil.RegisterKit("cpu");
        using var scope = NewDisposeScope();
        const int stride = 3;
        var grid = TestRuns.Tiny.Grid;                                                       // 8 frames
        var dir = Path.GetDirectoryName(synth.Splits.Train)!;
        var target = Registries.Targets.Create(new ComponentConfig("trajectory", new JsonObject { ["Stride"] = stride }), grid, "target");
        var needed = target.FlowFramesNeeded(grid, stride);
        Assert.True(needed > grid.Frames * stride - 1, "the test needs a target whose trajectories run past the clip's span");

        var data = new ComponentConfig("manifest", new JsonObject { ["dir"] = dir, ["stride"] = stride });
        var request = new ClipSourceRequest("train", target.Needs, grid, 0, Device.CPU, new ViewSpec(), Labelled: false, Target: target);
        using var source = Registries.Sources.Create(data, request, "data");
        using var batch = source.Epoch(0, 2).First();
        Assert.Equal(needed, batch.Flow!.size(1));
        using var parts = new DisposableList(target.Compute(batch, grid));
        Assert.Equal(grid.Tokens, parts.Items[0].Values.size(1));

        // Without the target in the request the source supplies only the span, and the target refuses the batch.
        using var plain = Registries.Sources.Create(data, request with { Target = null }, "data");
        using var short_ = plain.Epoch(0, 2).First();
        Assert.Equal(grid.Frames * stride - 1, short_.Flow!.size(1));
        var e = Assert.ThrowsAny<ArgumentException>(() => target.Compute(short_, grid));
        Assert.Contains("flow", e.Message);
    }

    private sealed class DisposableList(IReadOnlyList<Kit.Targets.TargetPart> items) : IDisposable
    {
        public IReadOnlyList<Kit.Targets.TargetPart> Items => items;
        public void Dispose() { foreach (var i in items) i.Dispose(); }
    }
}
