using static Kit.Experiments.Tables.TableParts;

namespace Kit.Experiments.Tables;

/// <summary>
/// Which optical flow feeds the motion targets and masks: the synthetic generator's exact flow against the
/// estimators the papers and releases use (TV-L1: MME and MGMAE's papers; Farneback: MME's release; DIS: the fastest).
/// No paper or release can run this ablation, since real video has no exact flow; here every estimator is measured
/// against the truth it approximates. Runs only on the synthetic protocol (every scale but paper).
/// </summary>
internal static class FlowEstimatorTable
{
    public const string Id = "flow-est";

    private static Recipe Flow(Recipe r, string flow) => r with { Data = r.Data with { Flow = flow } };

    public static AblationTable Table()
    {
        var trajectory = Recipes.MmeAblation;
        // MGMAE's rows pre-train and fine-tune as long as MME's (the table's base): the scale gives every row the same steps
        Recipe SameBudget(Recipe r) => r with
        {
            Data = r.Data with { Fraction = trajectory.Data.Fraction },
            Pretrain = r.Pretrain with { Epochs = trajectory.Pretrain.Epochs },
            Finetune = r.Finetune with { Epochs = trajectory.Finetune.Epochs },
        };
        var guided = SameBudget(Recipes.Mgmae with { Mask = Recipes.MotionGuided(0.9).With("flow", "tvl1") });  // offline: the batch's flow
        var tube = SameBudget(Recipes.VideoMae);
        return new AblationTable(Id, "flow estimator (the kit's extension)", "no paper table: exact flow exists only for synthetic video",
            "Does the quality of the optical flow behind MME's trajectories and MGMAE's motion-guided masks matter? The generator's exact flow against TV-L1, Farneback and DIS estimates of the same clips.",
            trajectory,
            [
                Row("trajectory, exact flow", Flow(trajectory, "oracle")) with { Group = "MME trajectory target" },
                Row("trajectory, TV-L1", Flow(trajectory, "tvl1")) with { Group = "MME trajectory target" },
                Row("trajectory, Farneback", Flow(trajectory, "farneback")) with { Group = "MME trajectory target" },
                Row("trajectory, DIS", Flow(trajectory, "dis")) with { Group = "MME trajectory target" },
                Row("motion-guided mask, exact flow", Flow(guided, "oracle")) with { Group = "MGMAE motion-guided mask" },
                Row("motion-guided mask, TV-L1", Flow(guided, "tvl1")) with { Group = "MGMAE motion-guided mask" },
                Row("motion-guided mask, DIS", Flow(guided, "dis")) with { Group = "MGMAE motion-guided mask" },
                Row("tube mask (no flow)", tube) with { Group = "MGMAE motion-guided mask" },
            ])
        {
            Note = "Estimated flow is computed on each rendered clip (TV-L1 costs about 90 ms per 16-frame 32-pixel clip on one core, the others 2-8 ms; `./kit bench stream`); the exact flow comes with the rendering.",
        };
    }
}
