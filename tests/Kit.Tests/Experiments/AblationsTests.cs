using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class AblationsTests
{
    /// <summary>Every table id of shared/notes/paper-tables.md.</summary>
    public static readonly string[] PaperTableIds =
    [
        "mme-t5", "mme-t6", "mme-t7", "mme-t8", "mme-t9", "mme-t10", "mme-t11", "mme-t12", "mme-a11", "mme-a10", "mme-pre",
        "mme-f3", "mme-t4", "mmae-t5a", "mmae-t5b", "mmae-t5c", "mmae-t5d", "mmae-t5e", "mmae-t5f", "mmae-t7", "mmae-t8",
        "mmae-t9", "mmae-t10", "mg-t1a", "mg-t1b", "mg-t1c", "mg-t1d", "mg-t1e", "mg-t1f", "mg-f3", "mg-exp", "mg-t2", "mg-t3",
    ];

    private static readonly HashSet<string> Targets =
        ["pixel", "hog", "hog+flow", "hog+hof", "hog+mbh", "trajectory", "traj+mbh+hof", "frame_difference", "frame+motion"];

    private static readonly HashSet<string> Masks = ["random", "tube", "cube", "frame", "motion_guided"];

    [Fact]
    public void EveryPaperTableIsRegisteredOnce()
    {
        // Every paper table, the kit's own sanity check first and its flow-estimator extension.
        Assert.Equal(PaperTableIds.Append("sanity").Append("flow-est").Order(), Ablations.All.Select(t => t.Id).Order());
        Assert.Equal("sanity", Ablations.All[0].Id);
        Assert.Contains("mme-t5", Assert.Throws<KeyNotFoundException>(() => Ablations.Get("nope")).Message);
    }

    public static TheoryData<string> Ids() => new(PaperTableIds);

    [Theory]
    [MemberData(nameof(Ids))]
    public void TablesAreWellFormed(string id)
    {
        var t = Ablations.Get(id);
        Assert.False(string.IsNullOrWhiteSpace(t.Question));
        Assert.False(string.IsNullOrWhiteSpace(t.Source));
        Assert.True(t.Rows.Count >= 2, $"{id} has {t.Rows.Count} rows");
        Assert.Equal(t.Rows.Count, t.Rows.Select(r => r.Label).Distinct().Count());
        // Every row runs something different (a copy-pasted row would repeat its neighbour's recipe).
        Assert.Equal(t.Rows.Count, t.Rows.Select(r => r.Recipe).Distinct().Count());
        foreach (var row in t.Rows)
        {
            Assert.Contains(row.Recipe.Target.Name, Targets);
            Assert.Contains(row.Recipe.Mask.Name, Masks);
            Assert.InRange(row.Recipe.Mask.Double("ratio"), 0.1, 0.99);
        }
        // Every table costs about the same at the default scale: no row trains more than 4x its base recipe's steps.
        Assert.All(t.Rows, r => Assert.InRange(Scale.Quick.Resolve(r.Recipe, t.Base).Pretrain.Steps!.Value, 1, 4 * Scale.Quick.PretrainSteps!.Value));
        if (t.SweepAxis is not null) Assert.All(t.Rows, r => Assert.NotNull(r.X));
        if (t.ReferenceRow is not null) t.Row(t.ReferenceRow);
        // Each table can be judged: the paper's numbers or stated findings give at least one ordering.
        Assert.NotEmpty(t.Claims());
        foreach (var c in t.Claims())
        {
            t.Row(c.A);
            if (c.B is not null) t.Row(c.B);
        }
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("cpu")]
    public void TheFlowEstimatorTablesRowsTrainForTheSameSteps(string scaleName)
    {
        // its MGMAE rows come from a recipe of 800 epochs on all the data; MME's base has 200 on a quarter
        var scale = Scale.Get(scaleName);
        var table = Ablations.Get("flow-est");
        foreach (var row in table.Rows)
        {
            var r = scale.Resolve(row.Recipe, table.Base);
            Assert.True(r.Pretrain.Steps == scale.PretrainSteps, $"{row.Label}: {r.Pretrain.Steps} pre-training steps, the scale's {scale.PretrainSteps}");
            Assert.True(r.Finetune.Steps == scale.FinetuneSteps, $"{row.Label}: {r.Finetune.Steps} fine-tuning steps, the scale's {scale.FinetuneSteps}");
        }
    }

    [Fact]
    public void PaperFiguresAreTheTablesOwn()
    {
        var t5 = Ablations.Get("mme-t5");
        Assert.Equal(64.1, t5.Row("Traj").Primary!.Value);
        Assert.Equal(88.4, t5.Row("Traj").Primary!.Top5);
        Assert.Equal(61.1, t5.Row("Pixel").Primary!.Value);
        Assert.Equal("trajectory", t5.Row("Traj").Recipe.Target.Name);
        Assert.False(t5.Row("HOG+Traj w/o shape").Recipe.Target.Bool("shape"));
        Assert.Equal(0.5659, Ablations.Get("mg-t2").Row("MGMAE SSv2 2400e").Primary!.Value);
        Assert.Equal(MeasurementKind.PretrainLoss, Ablations.Get("mg-t2").Rows[0].Recipe.Evaluation.Kind);
        Assert.Equal(MeasurementKind.LinearProbeTop1, Ablations.Get("mme-t4").Rows[0].Recipe.Evaluation.Kind);
        Assert.Equal(TemporalOrder.Shuffled, Ablations.Get("mme-f3").Row("pixel loss, shuffled frames").Recipe.Data.Order);
        Assert.Equal(8, Ablations.Get("mme-t7").Row("L=8").Recipe.Target.Int("length"));
        Assert.Equal("first", Ablations.Get("mg-t1a").Row("first").Recipe.Mask["base_frame"]);
    }

    [Fact]
    public void DisagreeingVersionsAreBothKeptAndBothChecked()
    {
        var t9 = Ablations.Get("mme-t9");
        var max = t9.Row("Sparse(Max)");
        Assert.Equal((60.2, 61.8), (max.Figure("MME")!.Value!.Value, max.Figure("M3V")!.Value!.Value));
        var dense = Assert.Single(t9.Claims(), c => c is { Kind: ClaimKind.Greater, A: "Dense", B: "Sparse(Max)" });
        Assert.Equal(("MME T9", 3.9), (dense.Source, Math.Round(dense.PaperGap!.Value, 6)));
        var t10 = Ablations.Get("mme-t10").Claims();
        Assert.Contains(t10, c => c.Kind == ClaimKind.Highest && c.A == "s=3" && c.Source == "MME T10");
        Assert.Contains(t10, c => c.Kind == ClaimKind.Highest && c.A == "s=2" && c.Source == "M3V T6");
    }

    [Fact]
    public void DerivedClaimsFollowThePapersNumbers()
    {
        var claims = Ablations.Get("mme-t5").Claims();
        var highest = Assert.Single(claims, c => c.Kind == ClaimKind.Highest);
        Assert.Equal("Traj", highest.A);
        Assert.Equal(0.6, highest.PaperGap!.Value, 6);
        var vsPixel = Assert.Single(claims, c => c is { Kind: ClaimKind.Greater, A: "Traj", B: "Pixel" });
        Assert.Equal(3.0, vsPixel.PaperGap!.Value, 6);
        Assert.Equal(Ablations.Get("mme-t5").Rows.Count - 1, claims.Count(c => c.Kind == ClaimKind.Greater));
        // Each claim names the tables its figures come from (MME T7 and M3V T3 cover different lengths).
        var t7 = Ablations.Get("mme-t7").Claims();
        Assert.Equal("MME T7", Assert.Single(t7, c => c is { Kind: ClaimKind.Greater, A: "L=6", B: "L=4" }).Source);
        Assert.Equal("MME T7, M3V T3", Assert.Single(t7, c => c is { Kind: ClaimKind.Greater, A: "L=6", B: "L=0" }).Source);
        // Equal figures give a closeness claim, not an ordering (MME appendix T11: both 63.5).
        Assert.Single(Ablations.Get("mme-a11").Claims(), c => c.Kind == ClaimKind.Close);
        // Groups are compared within themselves only (MGMAE T2: each dataset/length pair).
        var t2 = Ablations.Get("mg-t2").Claims();
        Assert.All(t2.Where(c => c.Kind == ClaimKind.Greater), c => Assert.StartsWith("MGMAE", c.A));
        Assert.Equal(4, t2.Count(c => c.Kind == ClaimKind.Greater));
    }

    [Fact]
    public void DeltasResolveAgainstTheReferenceRow()
    {
        var pre = Ablations.Get("mme-pre");
        Assert.Equal(64.1 - 4.4, pre.PaperValue(pre.Row("no camera-motion compensation"))!.Value, 6);
        var t9 = Ablations.Get("mme-t9");
        Assert.Equal(64.1 - 0.7, t9.PaperValue(t9.Row("Dense, K=16"))!.Value, 6);
    }
}
