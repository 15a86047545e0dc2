using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class SanityFiguresTests
{
    private static SanityFigures Figures(string key, int seeds, double? stream = null, double? labelled = null, double? randomProbe = null, double? supervisedProbe = null) =>
        new("cpu", key, seeds, 7.1, stream, labelled, randomProbe, null, null, null, supervisedProbe);

    [Fact]
    public void ARunOfSomeRowsKeepsWhatTheOtherRowsMeasuredBeforeAtTheSameScale()
    {
        var kept = Figures("k", 3, stream: 79.4, randomProbe: 14.6, supervisedProbe: 75.0);
        var run = Figures("k", 1, labelled: 21.4);
        var merged = run.Over(kept);
        Assert.Equal(79.4, merged.ScratchStream);
        Assert.Equal(21.4, merged.ScratchLabelled);
        Assert.Equal(14.6, merged.RandomProbe);
        Assert.Equal(75.0, merged.SupervisedProbe);
        Assert.Equal(1, merged.Seeds); // the fewest seeds of any row it reports
        // What this run measured wins over what was kept.
        Assert.Equal(80.0, Figures("k", 3, stream: 80.0).Over(kept).ScratchStream);
        Assert.Equal(3, Figures("k", 3, stream: 80.0).Over(kept).Seeds);
    }

    [Fact]
    public void FiguresOfAnotherScaleKeyAreNeverMerged()
    {
        var run = Figures("new", 1, labelled: 21.4);
        Assert.Same(run, run.Over(Figures("old", 3, stream: 79.4)));
        Assert.Same(run, run.Over(null));
    }

    [Fact]
    public void TheSummarySaysWhatAProbeReadsOnASupervisedEncoderOnlyWhenMeasured()
    {
        Assert.Contains("A linear probe on the encoder supervised on the stream reads 75.7 %", Figures("k", 1, stream: 79.4, supervisedProbe: 75.7).Describe());
        Assert.DoesNotContain("encoder supervised on the stream", Figures("k", 1, stream: 79.4).Describe());
    }
}
