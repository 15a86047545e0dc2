using static Kit.Experiments.Tables.TableParts;

namespace Kit.Experiments.Tables;

/// <summary>
/// The MME (CVPR) and M3Video (ICLR, its earlier version) ablations. Figures from paper-tables.md; where the two
/// versions disagree each row carries both, MME first.
/// </summary>
internal static class MmeTables
{
    private static readonly Recipe B = Recipes.MmeAblation;

    public static IEnumerable<AblationTable> All() =>
    [
        Targets(), Interpolation(), Length(), Normalization(), Density(), Stride(), Masking(), Decoder(),
        ExtraFeatures(), SpeedUp(), Preprocessing(), TemporalInformation(), LinearProbe(),
    ];

    private static AblationTable Targets() => new("mme-t5", "reconstruction target", "MME Table 5, M3Video Table 1",
        "Does predicting long-term motion (trajectories) teach a better video representation than predicting appearance (pixels, HOG) or short-term motion (flow, HOF, MBH)?",
        B,
        [
            Row("Pixel", B.WithTarget(ComponentRef.Of("pixel", ("patch_norm", true))), Fig("MME", "MME T5", 61.1, 86.6)),
            Row("HOG", B.WithTarget(ComponentRef.Of("hog")), Fig("MME", "MME T5", 61.1, 86.9)),
            Row("HOG+Flow", B.WithTarget(ComponentRef.Of("hog+flow")), Fig("MME", "MME T5", 60.9, 86.4)),
            Row("HOG+HOF", B.WithTarget(ComponentRef.Of("hog+hof")), Fig("MME", "MME T5", 61.3, 86.6)),
            Row("HOG+MBH", B.WithTarget(ComponentRef.Of("hog+mbh")), Fig("MME", "MME T5", 61.4, 86.8)),
            Row("HOG+Traj w/o shape", B.WithTargetParam("shape", false), Fig("MME", "MME T5", 63.5, 88.2)),
            Row("Traj", B, Fig("MME", "MME T5", 64.1, 88.4)),
        ])
    { Note = "\"HOG+Traj w/o shape\" is the trajectory target with position features only (shape off); the HOG part of its name is the appearance baseline it extends." };

    private static AblationTable Interpolation() => new("mme-t6", "trajectory interpolation", "MME Table 6, M3Video Table 2",
        "Does resampling motion features along sub-pixel trajectories (interpolation) matter, and does it matter more for trajectories than for HOG or MBH?",
        B,
        [
            Row("HOG no-interp", B.WithTarget(ComponentRef.Of("hog", ("interpolation", false))), Fig("MME", "MME T6", 61.1, 86.9)),
            Row("HOG interp", B.WithTarget(ComponentRef.Of("hog", ("interpolation", true))), Fig("MME", "MME T6", 60.9, 86.8)),
            Row("HOG+MBH no-interp", B.WithTarget(ComponentRef.Of("hog+mbh", ("interpolation", false))), Fig("MME", "MME T6", 61.3, 86.8)),
            Row("HOG+MBH interp", B.WithTarget(ComponentRef.Of("hog+mbh", ("interpolation", true))), Fig("MME", "MME T6", 61.4, 86.8)),
            Row("Traj no-interp", B.WithTargetParam("interpolation", false), Fig("MME", "MME T6", 62.2, 87.5)),
            Row("Traj interp", B, Fig("MME", "MME T6", 64.1, 88.4)),
        ]);

    private static AblationTable Length() => new("mme-t7", "trajectory length", "MME Table 7 and Fig. 8, M3Video Table 3",
        "How many frames should a trajectory follow? Too short carries little motion, too long drifts.",
        B,
        [
            Row("L=0", B.WithTargetParam("length", 0), Fig("M3V", "M3V T3", 61.1)) with { X = 0 },
            Row("L=2", B.WithTargetParam("length", 2), Fig("M3V", "M3V T3", 61.4)) with { X = 2 },
            Row("L=4", B.WithTargetParam("length", 4), Fig("MME", "MME T7", 63.2, 88.0)) with { X = 4 },
            Row("L=6", B, Fig("MME", "MME T7", 64.1, 88.4)) with { X = 6 },
            Row("L=8", B.WithTargetParam("length", 8), Fig("MME", "MME T7", 63.3, 88.0)) with { X = 8 },
        ])
    { SweepAxis = "trajectory length L (frames)", Note = "L=0 and L=2 appear only in M3Video." };

    private static AblationTable Normalization() => new("mme-t8", "trajectory normalization", "MME Table 8, M3Video Table 5",
        "Should trajectory positions be normalised per patch (by the patch's mean and spread) before they are predicted?",
        B,
        [
            Row("without patch norm", B.WithTargetParam("patch_norm", false), new PaperFigure("MME", "MME T8", 62.1, 87.44), new PaperFigure("M3V", "M3V T5", 62.3)),
            Row("with patch norm", B, Fig("MME", "MME T8", 64.1, 88.4)),
            Row("patch norm as released", B.WithTargetParam("norm_over", "step")),
        ])
    { Note = "\"with patch norm\" is the paper's: each patch's concatenated positions (and shape bins) to zero mean and unit variance. \"as released\" normalises positions per (component, step) over the patch's trajectories, which zeroes any rigidly moving patch; the paper reports no figure for it." };

    private static AblationTable Density() => new("mme-t9", "trajectory density", "MME Table 9, M3Video Table 4, MME appendix",
        "Should every patch predict several dense trajectories, or one summary (mean or max) of sparse ones? And do more trajectories per patch help?",
        B,
        [
            Row("Dense", B, Fig("MME", "MME T9", 64.1, 88.4)),
            Row("Sparse(Max)", B.WithTargetParam("density", "sparse_max"), Fig("MME", "MME T9", 60.2, 86.3), Fig("M3V", "M3V T4", 61.8)),
            Row("Sparse(Mean)", B.WithTargetParam("density", "sparse_mean"), Fig("MME", "MME T9", 61.8, 87.1), Fig("M3V", "M3V T4", 60.2)),
            Row("Dense, K=16", B.WithTargetParam("points", 16), Delta("MME", "MME appendix", -0.7)),
        ])
    { ReferenceRow = "Dense", Note = "M3Video swaps the two sparse rows; both versions are kept. K=16 is given only as -0.7 against K=4." };

    private static AblationTable Stride() => new("mme-t10", "sampling stride", "MME Table 10, M3Video Table 6",
        "At which temporal sampling stride is the motion between sampled frames easiest to learn from?",
        B,
        [
            Row("s=1", B with { Data = B.Data with { Stride = 1 } }, Fig("MME", "MME T10", 62.7, 87.7), Fig("M3V", "M3V T6", 62.7)) with { X = 1 },
            Row("s=2", B with { Data = B.Data with { Stride = 2 } }, Fig("MME", "MME T10", 63.5, 88.3), Fig("M3V", "M3V T6", 64.1)) with { X = 2 },
            Row("s=3", B with { Data = B.Data with { Stride = 3 } }, Fig("MME", "MME T10", 64.1, 88.4), Fig("M3V", "M3V T6", 63.4)) with { X = 3 },
            Row("s=4", B with { Data = B.Data with { Stride = 4 } }, Fig("MME", "MME T10", 62.9, 87.7), Fig("M3V", "M3V T6", 62.9)) with { X = 4 },
        ])
    { SweepAxis = "sampling stride s", Note = "The versions disagree on the best stride (MME: 3, M3Video: 2)." };

    private static AblationTable Masking() => new("mme-t11", "spatial masking", "MME Table 11 and Fig. 9, M3Video Table 7",
        "How much of the video should be hidden, and does tube masking beat cube masking for a motion target?",
        B,
        [
            Row("90% tube", B.WithMaskParam("ratio", 0.9), Fig("MME", "MME T11", 62.7, 87.8)),
            Row("70% tube", B, Fig("MME", "MME T11", 64.1, 88.4)),
            Row("40% tube", B.WithMaskParam("ratio", 0.4), Fig("MME", "MME T11", 61.3, 86.9)),
            Row("40% cube", B with { Mask = ComponentRef.Of("cube", ("ratio", 0.4)) }, Fig("MME", "MME T11", 61.2, 86.9)),
        ]);

    private static AblationTable Decoder() => new("mme-t12", "decoder", "MME Table 12, M3Video Table 8",
        "Should position and shape be predicted by one joint decoder or by separate ones, and how deep?",
        B,
        [
            Row("joint, depth 1", B, Fig("MME", "MME T12", 64.1, 88.4, "51 GFLOPs")),
            Row("joint, depth 2", B with { Model = B.Model with { DecoderDepth = 2 } }, Fig("MME", "MME T12", 63.4, 88.3, "55 GFLOPs")),
            Row("separate, depth 1", B with { Model = B.Model with { Decoder = "separate" } }, Fig("MME", "MME T12", 63.4, 88.4, "56 GFLOPs")),
            Row("separate, depth 2", B with { Model = B.Model with { Decoder = "separate", DecoderDepth = 2 } }, Fig("MME", "MME T12", 63.3, 88.0, "65 GFLOPs")),
        ]);

    private static AblationTable ExtraFeatures() => new("mme-a11", "extra short-term features in the trajectory volume", "MME appendix Table 11, M3Video Table 16",
        "Does adding MBH and HOF computed along the trajectory to the target help, or does the trajectory already carry that motion?",
        B,
        [
            Row("Traj+MBH+HOF", B.WithTarget(new ComponentRef("traj+mbh+hof", B.Target.Parameters)), Fig("MME", "MME A-T11", 63.5, 88.2)),
            Row("Traj", B, Fig("MME", "MME A-T11", 63.5, 88.4)),
        ]);

    private static AblationTable SpeedUp() => new("mme-a10", "ablation speed-up", "MME appendix Table 10, M3Video Table 15",
        "How much accuracy does the cheap ablation setting (25% of the data, half the input patches) cost, and how much time does it save?",
        B,
        [
            Row("100% data, 100% patches", B with { Data = B.Data with { Fraction = 1.0, InputPatchFraction = 1.0 } },
                new PaperFigure("MME", "MME A-T10", 64.8, 89.7, Speedup: 1.0)),
            Row("25% data, 50% patches", B, new PaperFigure("MME", "MME A-T10", 61.1, 86.9, Speedup: 2.5)),
        ])
    { ReferenceRow = "100% data, 100% patches", Note = "The speed-up is measured as the ratio of the rows' total wall times." };

    private static AblationTable Preprocessing() => new("mme-pre", "pre-processing steps", "MME appendix (text)",
        "Do camera-motion compensation and masking out trajectories that leave the frame matter for the trajectory target?",
        B,
        [
            Row("all steps", B, Fig("MME", "MME T5", 64.1, 88.4)),
            Row("no camera-motion compensation", B.WithTargetParam("camera_compensation", false), Delta("MME", "MME appendix", -4.4)),
            Row("no out-of-view loss mask", B.WithTargetParam("out_of_view_mask", false), Delta("MME", "MME appendix", -0.7)),
        ])
    { ReferenceRow = "all steps", Note = "The appendix gives only the drops; the reference is the default row of MME Table 5." };

    private static AblationTable TemporalInformation()
    {
        var videoMae = B.WithTarget(ComponentRef.Of("pixel", ("patch_norm", true))) with { Mask = ComponentRef.Of("tube", ("ratio", 0.9)) };
        Recipe Shuffled(Recipe r, TemporalOrder order) => r with { Data = r.Data with { Order = order } };
        var loss = videoMae.Measuring(MeasurementKind.PretrainLoss);
        var mmeLoss = B.Measuring(MeasurementKind.PretrainLoss);
        return new("mme-f3", "temporal information", "MME Fig. 3, M3Video Fig. 3",
            "Does masked pixel reconstruction use time at all? If pixels are reconstructed as well from shuffled frames, the task can be solved frame by frame; a trajectory target cannot.",
            B,
            [
                Row("pixel loss, raw video", loss, []) with { Group = "loss" },
                Row("pixel loss, shuffled frames", Shuffled(loss, TemporalOrder.Shuffled), []) with { Group = "loss" },
                Row("pixel loss, one repeated frame", Shuffled(loss, TemporalOrder.RepeatedFrame), []) with { Group = "loss" },
                Row("trajectory loss, raw video", mmeLoss, []) with { Group = "loss" },
                Row("trajectory loss, shuffled frames", Shuffled(mmeLoss, TemporalOrder.Shuffled), []) with { Group = "loss" },
                Row("VideoMAE fine-tuned, raw", videoMae, Fig("MME", "MME Fig. 3b", 60.9)),
                Row("VideoMAE fine-tuned, shuffled", Shuffled(videoMae, TemporalOrder.Shuffled), []),
                Row("MME fine-tuned, raw", B, Fig("MME", "MME Fig. 3b", 64.1)),
                Row("MME fine-tuned, shuffled", Shuffled(B, TemporalOrder.Shuffled), Fig("MME", "MME Fig. 3b", 60.7)),
            ])
        {
            StatedClaims =
            [
                Close("pixel loss, shuffled frames", "pixel loss, raw video", "MME Fig. 3a"),
                Close("pixel loss, one repeated frame", "pixel loss, raw video", "MME Sec. 3.1"),
                Greater("trajectory loss, shuffled frames", "trajectory loss, raw video", "MME Sec. 3.1"),
                Close("VideoMAE fine-tuned, shuffled", "VideoMAE fine-tuned, raw", "MME Fig. 3b"),
                Close("MME fine-tuned, shuffled", "VideoMAE fine-tuned, raw", "MME Fig. 3b"),
            ],
            Note = "Losses of different targets are on different scales: only raw vs shuffled of the same target are compared.",
        };
    }

    private static AblationTable LinearProbe()
    {
        var videoMae = Recipes.VideoMae.Measuring(MeasurementKind.LinearProbeTop1);
        var mme = (Recipes.MmeAblation with
        {
            Data = Recipes.MmeAblation.Data with { Fraction = 1.0, InputPatchFraction = 1.0 },
            Pretrain = Recipes.MmeAblation.Pretrain with { Epochs = videoMae.Pretrain.Epochs },
        }).Measuring(MeasurementKind.LinearProbeTop1);
        return new("mme-t4", "linear probe on SSv2", "MME Table 4, M3Video Table 12",
            "With the encoder frozen, how much action information does each pre-training put in the features? The kit runs the two pre-trainings it implements (VideoMAE's pixels and MME's trajectories) for the same length.",
            videoMae,
            [
                Row("VideoMAE", videoMae, Fig("MME", "MME T4", 24.3)),
                Row("MME", mme, Fig("MME", "MME T4", 29.2)),
            ])
        { Note = "TimeSformer (14.0) and SVT (18.3) are supervised / contrastive baselines the kit does not implement; they are not run." };
    }
}
