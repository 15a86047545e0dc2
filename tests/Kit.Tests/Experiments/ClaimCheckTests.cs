using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ClaimCheckTests
{
    private static RowResult Row(string label, params double[] values)
    {
        var recipe = Recipes.VideoMae;
        var stored = new StoredResult("t", label, "k", 0, recipe, Scale.Smoke, "v", HardwareInfo.Current("fake"), DateTime.UtcNow,
            new RowMeasurement(values[0], null, null, new RowTimings()), 1);
        return new RowResult(new AblationRow(label, recipe, []), MeasurementKind.FinetuneTop1, null, null,
            values.Select((v, i) => new SeedResult(i, v, null, 1, false, stored)).ToList());
    }

    [Fact]
    public void GreaterIsReproducedWhenTheMeansAgreeAndSaysWhetherTheGapBeatsTheSpread()
    {
        var rows = new[] { Row("A", 10, 12), Row("B", 9, 11) }; // gap 1, spread 1.414
        var c = ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Greater, "A", "B", "s"), rows);
        Assert.Equal(Verdict.Reproduced, c.Verdict);
        Assert.Equal(1, c.MeasuredGap!.Value, 9);
        Assert.False(c.BeyondSpread);
        var reversed = ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Greater, "B", "A", "s"), rows);
        Assert.Equal(Verdict.NotReproduced, reversed.Verdict);
        var clear = ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Greater, "A", "B", "s"), [Row("A", 20, 20.5), Row("B", 9, 9.5)]);
        Assert.True(clear.BeyondSpread);
    }

    [Fact]
    public void CloseIsJudgedAgainstTheSpread()
    {
        Assert.Equal(Verdict.Reproduced, ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Close, "A", "B", "s"), [Row("A", 10, 12), Row("B", 10.5, 11.5)]).Verdict);
        Assert.Equal(Verdict.NotReproduced, ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Close, "A", "B", "s"), [Row("A", 10, 10.1), Row("B", 20, 20.1)]).Verdict);
        Assert.Equal(Verdict.Undetermined, ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Close, "A", "B", "s"), [Row("A", 10), Row("B", 10)]).Verdict);
    }

    [Fact]
    public void HighestComparesWithTheBestOtherRowOfItsGroup()
    {
        var rows = new[] { Row("A", 10, 10), Row("B", 12, 12), Row("C", 11, 11) };
        var c = ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Highest, "C", null, "s"), rows);
        Assert.Equal((Verdict.NotReproduced, "B", -1.0), (c.Verdict, c.MeasuredHighest, c.MeasuredGap));
        Assert.Equal(Verdict.Reproduced, ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Highest, "B", null, "s"), rows).Verdict);
        Assert.Equal(Verdict.Undetermined, ClaimCheck.Evaluate(new PaperClaim(ClaimKind.Highest, "Z", null, "s"), rows).Verdict);
    }
}
