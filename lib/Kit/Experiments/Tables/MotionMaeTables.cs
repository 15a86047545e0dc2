using static Kit.Experiments.Tables.TableParts;

namespace Kit.Experiments.Tables;

/// <summary>The MotionMAE ablations (ViT-B, SSv2, 400 epochs unless noted; top-1).</summary>
internal static class MotionMaeTables
{
    private static readonly Recipe B = Recipes.MotionMae;
    private const string T5 = "MMAE T5";

    public static IEnumerable<AblationTable> All() =>
    [
        Target(), Weights(), Granularity(), DecoderWidth(), DecoderDepth(), Loss(), MotionTarget(), MaskingStrategy(),
        MaskingRatio(), DecoderArchitecture(),
    ];

    private static ComponentRef Pixel => ComponentRef.Of("pixel", ("patch_norm", true));

    private static AblationTable Target() => new("mmae-t5a", "reconstruction target", "MotionMAE Table 5a",
        "Is predicting the next frames' motion (temporal differences) as good as predicting appearance, and is predicting both better than either?",
        B,
        [
            Row("Frame", B.WithTarget(Pixel), Fig("MMAE", T5 + "a", 67.8)),
            Row("Motion", B.WithTarget(ComponentRef.Of("frame_difference", ("granularity", 1))), Fig("MMAE", T5 + "a", 67.6)),
            Row("Frame+Motion", B, Fig("MMAE", T5 + "a", 68.4)),
        ]);

    private static AblationTable Weights() => new("mmae-t5b", "loss weight frame:motion", "MotionMAE Table 5b",
        "How should the frame and motion losses be weighted against each other?",
        B,
        [
            Row("1:2", B.WithTargetParam("motion_weight", 2.0), Fig("MMAE", T5 + "b", 68.2)),
            Row("1:1", B, Fig("MMAE", T5 + "b", 68.4)),
            Row("2:1", B.WithTargetParam("frame_weight", 2.0), Fig("MMAE", T5 + "b", 68.3)),
        ]);

    private static AblationTable Granularity() => new("mmae-t5c", "motion granularity", "MotionMAE Table 5c",
        "Over how many frames should the motion target's difference be taken? Adjacent frames give the finest motion.",
        B,
        [
            Row("g=1", B, Fig("MMAE", T5 + "c", 68.4)) with { X = 1 },
            Row("g=2", B.WithTargetParam("granularity", 2), Fig("MMAE", T5 + "c", 67.8)) with { X = 2 },
            Row("g=3", B.WithTargetParam("granularity", 3), Fig("MMAE", T5 + "c", 67.4)) with { X = 3 },
        ])
    { SweepAxis = "frame gap g of the difference" };

    private static AblationTable DecoderWidth() => new("mmae-t5d", "decoder width", "MotionMAE Table 5d",
        "How wide must the decoder be to reconstruct both frame and motion?",
        B,
        [
            Row("128", B with { Model = B.Model with { DecoderWidth = 128 } }, Fig("MMAE", T5 + "d", 67.5)) with { X = 128 },
            Row("384", B, Fig("MMAE", T5 + "d", 68.4)) with { X = 384 },
            Row("512", B with { Model = B.Model with { DecoderWidth = 512 } }, Fig("MMAE", T5 + "d", 68.3)) with { X = 512 },
        ])
    { SweepAxis = "decoder width" };

    private static AblationTable DecoderDepth() => new("mmae-t5e", "decoder depth", "MotionMAE Table 5e",
        "How deep must the decoder be?",
        B,
        [
            Row("1", B with { Model = B.Model with { DecoderDepth = 1 } }, Fig("MMAE", T5 + "e", 67.4)) with { X = 1 },
            Row("4", B, Fig("MMAE", T5 + "e", 68.4)) with { X = 4 },
            Row("8", B with { Model = B.Model with { DecoderDepth = 8 } }, Fig("MMAE", T5 + "e", 68.2)) with { X = 8 },
        ])
    { SweepAxis = "decoder depth (blocks)" };

    private static AblationTable Loss() => new("mmae-t5f", "loss function", "MotionMAE Table 5f",
        "Which reconstruction loss suits the frame + motion target?",
        B,
        [
            Row("L1", B with { Pretrain = B.Pretrain with { Loss = "l1" } }, Fig("MMAE", T5 + "f", 67.6)),
            Row("MSE", B, Fig("MMAE", T5 + "f", 68.4)),
            Row("Smooth L1", B with { Pretrain = B.Pretrain with { Loss = "smooth_l1" } }, Fig("MMAE", T5 + "f", 67.5)),
        ]);

    private static AblationTable MotionTarget()
    {
        var ucf = B with { Data = B.Data with { Dataset = "ucf101" } };
        return new("mmae-t7", "motion target on UCF101", "MotionMAE Table 7",
            "Which motion signal should accompany the frame target: optical flow or temporal differences?",
            ucf,
            [
                Row("Frame", ucf.WithTarget(Pixel), Fig("MMAE", "MMAE T7", 93.1)),
                Row("Frame+optical flow", ucf.WithTargetParam("motion", "flow"), Fig("MMAE", "MMAE T7", 93.5)),
                Row("Frame+temporal difference", ucf, Fig("MMAE", "MMAE T7", 94.0)),
            ]);
    }

    private static AblationTable MaskingStrategy()
    {
        var k400 = B with { Data = B.Data with { Dataset = "k400" } };
        return new("mmae-t8", "masking strategy on K400", "MotionMAE Table 8",
            "Which tokens should be hidden: whole frames (time only), random tokens, or the same positions in every frame (space only, tube)?",
            k400,
            [
                Row("time-only (frame)", k400 with { Mask = ComponentRef.Of("frame", ("ratio", 0.9)) }, Fig("MMAE", "MMAE T8", 74.6)),
                Row("random", k400 with { Mask = ComponentRef.Of("random", ("ratio", 0.9)) }, Fig("MMAE", "MMAE T8", 78.8)),
                Row("space-only (tube)", k400, Fig("MMAE", "MMAE T8", 79.0)),
            ]);
    }

    private static AblationTable MaskingRatio()
    {
        var ucf = B with { Data = B.Data with { Dataset = "ucf101" } };
        return new("mmae-t9", "masking ratio", "MotionMAE Table 9",
            "Does the best masking ratio depend on the dataset: small UCF101 against large, motion-heavy SSv2?",
            B,
            [
                Row("UCF101 75%", ucf.WithMaskParam("ratio", 0.75), Fig("MMAE", "MMAE T9", 94.3)) with { Group = "UCF101", X = 0.75 },
                Row("UCF101 90%", ucf, Fig("MMAE", "MMAE T9", 92.7)) with { Group = "UCF101", X = 0.9 },
                Row("SSv2 75%", B.WithMaskParam("ratio", 0.75), Fig("MMAE", "MMAE T9", 66.0)) with { Group = "SSv2", X = 0.75 },
                Row("SSv2 90%", B, Fig("MMAE", "MMAE T9", 68.4)) with { Group = "SSv2", X = 0.9 },
            ])
        { SweepAxis = "masking ratio", Note = "At the smoke and default scales both datasets are the synthetic one, so the groups differ only in name." };
    }

    private static AblationTable DecoderArchitecture() => new("mmae-t10", "decoder architecture", "MotionMAE Table 10",
        "Should frame and motion share the decoder up to its last layer, or have parallel decoders?",
        B,
        [
            Row("shared (all but last layer)", B with { Model = B.Model with { Decoder = "shared" } }, Fig("MMAE", "MMAE T10", 68.0)),
            Row("parallel", B, Fig("MMAE", "MMAE T10", 68.4)),
        ]);
}
