using Kit.Experiments;
using Kit.Pipeline;
using Kit.Tests.Experiments;

namespace Kit.Tests.Pipeline;

/// <summary>The sanity table through the real trainers on the synthetic protocol, at the smoke scale.</summary>
[Collection("RowExecutors")]
public class StreamRowExecutorTests
{
    [Fact]
    public async Task TheSanityTableRunsAtSmokeScaleAndEveryOtherSummaryOpensWithIt()
    {
        using var dir = new TempDir();
        var root = SanityFigures.Root;
        SanityFigures.Root = Path.Combine(dir.Path, "sanity");
        try
        {
            var executor = new TrainerRowExecutor(Path.Combine(dir.Path, "rows"), "cpu");
            var results = await Runner.RunAsync(Ablations.Get("sanity"), Scale.Smoke, new RunOptions(1, Path.Combine(dir.Path, "store"), executor));
            Assert.Equal(6, results.Rows.Count);
            Assert.All(results.Rows, r => Assert.InRange(r.Stats.Mean, 0, 100));
            // Probe, k-NN and fine-tuning rows of one pre-training share it; rows without pre-training have none.
            Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "rows"), "stream-pretrain-*"));
            var fineTuned = results.Row("pixel, fine-tune").Seeds[0].Stored.Measurement;
            Assert.NotNull(fineTuned.ProbeTop1);
            Assert.NotNull(fineTuned.KnnTop1);
            Assert.NotNull(fineTuned.PretrainLoss);
            var scratch = results.Row("scratch, stream").Seeds[0].Stored.Measurement;
            Assert.Null(scratch.PretrainLoss);
            // Fine-tuning rows also probe the encoder fine-tuning left; the sanity figures keep the stream row's.
            Assert.NotNull(scratch.FinetunedProbeTop1);
            Assert.NotNull(scratch.FinetunedKnnTop1);
            Assert.NotNull(fineTuned.FinetunedProbeTop1);
            Assert.Null(results.Row("random encoder, probe").Seeds[0].Stored.Measurement.FinetunedProbeTop1);
            Assert.StartsWith("sanity (does this scale learn?", results.Summary());
            Assert.Contains("Sanity at the smoke scale (1 seed(s), chance 7.1 %): supervised from scratch on the stream", results.Summary());

            // The figures are kept for the scale, and another table's summary at that scale opens with them.
            var kept = SanityFigures.Load(Scale.Smoke);
            Assert.NotNull(kept);
            Assert.Equal(results.Row("scratch, stream").Stats.Mean, kept!.ScratchStream);
            Assert.Equal(scratch.FinetunedProbeTop1, kept.SupervisedProbe);
            Assert.Contains("A linear probe on the encoder supervised on the stream reads", kept.Describe());
            // Running some of the rows again keeps what the others measured.
            await Runner.RunAsync(Ablations.Get("sanity").Only(["scratch, labelled set"]), Scale.Smoke, new RunOptions(1, Path.Combine(dir.Path, "store"), executor));
            Assert.Equal(kept, SanityFigures.Load(Scale.Smoke));
            var other = await Runner.RunAsync(TinyTable.Create(), Scale.Smoke, new RunOptions(1, Path.Combine(dir.Path, "tiny"), TinyTable.Executor()));
            Assert.Contains(kept.Describe(), other.Summary());
            // A changed scale has no figures yet, and says so.
            var changed = await Runner.RunAsync(TinyTable.Create(), Scale.Smoke with { FinetuneSteps = 3 }, new RunOptions(1, Path.Combine(dir.Path, "tiny2"), TinyTable.Executor()));
            Assert.Contains("The sanity table has not been run at this scale", changed.Summary());
        }
        finally
        {
            SanityFigures.Root = root;
        }
    }
}
