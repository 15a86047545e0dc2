using static Kit.Experiments.Tables.TableParts;

namespace Kit.Experiments.Tables;

/// <summary>The MGMAE ablations (ViT-B, SSv2, 800 epochs, masking ratio 90%; top-1 (top-5)).</summary>
internal static class MgmaeTables
{
    private static readonly Recipe B = Recipes.Mgmae;
    private const string T1 = "MG T1";

    public static IEnumerable<AblationTable> All() =>
    [
        Choice("mg-t1a", "base frame", "MGMAE Table 1a", "Which frame should the initial mask be placed on before it is warped along the flow to the others?",
            ("first", "base_frame", "first", 70.5, 92.7), ("random", "base_frame", "random", 70.6, 92.9), ("middle", "base_frame", "middle", 71.0, 93.1)),
        Choice("mg-t1b", "warping", "MGMAE Table 1b", "Should the mask be carried from the base frame to the others by forward or backward warping?",
            ("forward", "warping", "forward", 70.5, 92.9), ("backward", "warping", "backward", 71.0, 93.1)),
        Choice("mg-t1c", "visible-token sampling", "MGMAE Table 1c", "Should visible tokens be chosen per frame from the warped maps, or for the clip as a whole?",
            ("clip-level", "sampling", "clip", 70.7, 92.9), ("frame-level", "sampling", "frame", 71.0, 93.1)),
        Choice("mg-t1d", "initial mask at the base frame", "MGMAE Table 1d", "How should the base frame's mask be drawn: random tokens, random pixels, or a mixture of Gaussians?",
            ("token random", "init", "token_random", 70.9, 93.0), ("pixel random", "init", "pixel_random", 70.8, 93.0), ("mixed Gaussian", "init", "mixed_gaussian", 71.0, 93.1)),
        Choice("mg-t1e", "hole filling", "MGMAE Table 1e", "Warping leaves holes in the map; what should fill them?",
            ("random", "holes", "random", 70.8, 92.9), ("invisible", "holes", "invisible", 70.7, 92.8), ("visible", "holes", "visible", 70.8, 93.1),
            ("previous map", "holes", "previous", 70.6, 92.8), ("tube", "holes", "tube", 71.0, 93.1)),
        Flow(), Ratio(), Exposure(), PretrainLoss(), VersusVideoMae(),
    ];

    private static AblationTable Choice(string id, string title, string source, string question,
        params (string Label, string Key, string Value, double Top1, double Top5)[] rows) =>
        new(id, title, source, question, B,
            rows.Select(r => Row(r.Label, B.WithMaskParam(r.Key, r.Value), Fig("MG", T1 + id[^1], r.Top1, r.Top5))).ToList());

    private static AblationTable Flow() => new("mg-t1f", "flow estimation", "MGMAE Table 1f",
        "How good must the optical flow that guides the mask be, and what does it cost? No flow is plain VideoMAE tube masking.",
        B,
        [
            Row("none (VideoMAE)", B with { Mask = ComponentRef.Of("tube", ("ratio", 0.9)) }, Fig("MG", "MG T1f", 69.6, note: "32 h")),
            Row("TV-L1 offline", B.WithMaskParam("flow", "tvl1") with { Data = B.Data with { Flow = "tvl1" } }, Fig("MG", "MG T1f", 71.2, note: "41 h")),
            Row("RAFT, 6 iterations", B.WithMaskParam("flow", "online").With6(), Fig("MG", "MG T1f", 71.3, note: "43 h")),
            Row("RAFT, 12 iterations", B.WithMaskParam("flow", "online").WithMaskParam("flow_iterations", 12), Fig("MG", "MG T1f", 71.0, note: "56 h")),
        ])
    { Note = "RAFT is not in the kit: its rows use the kit's online flow estimator with the paper's iteration counts. The TV-L1 row estimates TV-L1 flow on the synthetic stream too (table flow-est compares it with the exact flow)." };

    private static Recipe With6(this Recipe r) => r.WithMaskParam("flow_iterations", 6);

    private static AblationTable Ratio()
    {
        double[] ratios = [0.75, 0.8, 0.85, 0.9, 0.95];
        return new("mg-f3", "masking ratio", "MGMAE Fig. 3",
            "How much can motion-guided masking hide? Following the motion removes the easy copies from neighbouring frames, so a very high ratio is both possible and needed.",
            B,
            ratios.Select(x => Row(Percent(x), B.WithMaskParam("ratio", x)) with { X = x }).ToList())
        {
            SweepAxis = "masking ratio",
            StatedClaims =
            [
                Highest("85%", "MG Fig. 3"),
                Close("85%", "90%", "MG Fig. 3"),
                Greater("85%", "80%", "MG Fig. 3"),
                Greater("85%", "75%", "MG Fig. 3"),
            ],
            Note = "The figure gives a curve, not a table: the claims are its stated findings (best at 85%, 90% close, above 80% needed).",
        };
    }

    private static string Percent(double ratio) =>
        ((int)Math.Round(ratio * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static AblationTable Exposure() => new("mg-exp", "exposure noise", "MGMAE (text)",
        "Does perturbing one frame's mask map (exposure noise) help?",
        B,
        [
            Row("default", B, Fig("MG", "MG text", 71.0)),
            Row("exposure noise", B.WithMaskParam("exposure", true), Fig("MG", "MG text", 71.2)),
        ]);

    private static Recipe VideoMae(string dataset, int epochs) =>
        Recipes.VideoMae with { Data = Recipes.VideoMae.Data with { Dataset = dataset }, Pretrain = Recipes.VideoMae.Pretrain with { Epochs = epochs } };

    private static Recipe Mg(string dataset, int epochs) =>
        B with { Data = B.Data with { Dataset = dataset }, Pretrain = B.Pretrain with { Epochs = epochs } };

    private static AblationTable PretrainLoss()
    {
        AblationRow R(string label, Recipe r, double loss, string group) =>
            Row(label, r.Measuring(MeasurementKind.PretrainLoss), Fig("MG", "MG T2", loss)) with { Group = group };
        return new("mg-t2", "pre-training loss", "MGMAE Table 2",
            "Is motion-guided masking a harder pretext task? A higher final reconstruction loss than VideoMAE's says it is.",
            B.Measuring(MeasurementKind.PretrainLoss),
            [
                R("VideoMAE K400 800e", VideoMae("k400", 800), 0.5875, "K400 800e"),
                R("MGMAE K400 800e", Mg("k400", 800), 0.6462, "K400 800e"),
                R("VideoMAE SSv2 800e", VideoMae("ssv2", 800), 0.5278, "SSv2 800e"),
                R("MGMAE SSv2 800e", Mg("ssv2", 800), 0.5820, "SSv2 800e"),
                R("VideoMAE K400 1600e", VideoMae("k400", 1600), 0.5809, "K400 1600e"),
                R("MGMAE K400 1600e", Mg("k400", 1600), 0.6378, "K400 1600e"),
                R("VideoMAE SSv2 2400e", VideoMae("ssv2", 2400), 0.5122, "SSv2 2400e"),
                R("MGMAE SSv2 2400e", Mg("ssv2", 2400), 0.5659, "SSv2 2400e"),
            ])
        { Note = "Metric: final pre-training loss (higher = harder task). At the smaller scales K400 and SSv2 are the same synthetic data." };
    }

    private static AblationTable VersusVideoMae()
    {
        AblationRow R(string label, Recipe r, double top1, string group) => Row(label, r, Fig("MG", "MG T3", top1)) with { Group = group };
        return new("mg-t3", "accuracy vs VideoMAE", "MGMAE Table 3",
            "Does motion-guided masking improve fine-tuned accuracy over VideoMAE's tube masking at equal training length?",
            B,
            [
                R("VideoMAE K400 800e", VideoMae("k400", 800), 80.0, "K400 800e"),
                R("MGMAE K400 800e", Mg("k400", 800), 81.2, "K400 800e"),
                R("VideoMAE SSv2 800e", VideoMae("ssv2", 800), 69.6, "SSv2 800e"),
                R("MGMAE SSv2 800e", Mg("ssv2", 800), 71.0, "SSv2 800e"),
                R("VideoMAE K400 1600e", VideoMae("k400", 1600), 81.5, "K400 1600e"),
                R("MGMAE K400 1600e", Mg("k400", 1600), 81.8, "K400 1600e"),
                R("VideoMAE SSv2 2400e", VideoMae("ssv2", 2400), 70.8, "SSv2 2400e"),
                R("MGMAE SSv2 2400e", Mg("ssv2", 2400), 72.3, "SSv2 2400e"),
            ]);
    }
}
