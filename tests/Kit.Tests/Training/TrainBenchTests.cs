using Kit.Model;
using Kit.Training;

namespace Kit.Tests.Training;

public class TrainBenchTests
{
    [Fact]
    public void DecoderFlopsReproduceMmeTable12()
    {
        // MME Table 12 (ViT-B, 16 x 224 x 224, 70% tube mask) lists encoder + decoder cost in G multiply-adds:
        // joint depth 1: 51, joint 2: 55, separate 1: 56, separate 2: 65. With VideoMAE's width-384 decoder and MME's
        // two parts (trajectories 2 x L x K = 48, trajectory-aligned HOG L x 9 x K = 216) the kit's counts agree.
        var rows = TrainBench.DecoderTable(ModelPresets.Get("vit-b"), [("trajectory", 48), ("hog", 216)], 0.7, [1, 2]);
        double Gmac(DecoderArrangement a, int depth) => rows.Single(r => r.Arrangement == a && r.Depth == depth) is var r ? (r.EncoderGflop + r.DecoderGflop) / 2 : 0;
        Assert.InRange(Gmac(DecoderArrangement.Joint, 1), 51 * 0.95, 51 * 1.05);
        Assert.InRange(Gmac(DecoderArrangement.Joint, 2), 55 * 0.95, 55 * 1.05);
        Assert.InRange(Gmac(DecoderArrangement.Separate, 1), 56 * 0.95, 56 * 1.05);
        Assert.InRange(Gmac(DecoderArrangement.Separate, 2), 65 * 0.95, 65 * 1.05);
    }

    [Fact]
    public void BenchRunsAndReportsRates()
    {
        var r = TrainBench.Run(new TrainBenchConfig("cpu-tiny", PretrainBatch: 2, FinetuneBatch: 2, Warmup: 1, Steps: 2, Device: "cpu"));
        Assert.True(r.Pretrain.StepsPerSecond > 0 && r.Finetune.ClipsPerSecond > 0);
        Assert.Equal(2 * r.Pretrain.StepsPerSecond, r.Pretrain.ClipsPerSecond, 6);
        Assert.True(r.DecoderGflopPerClip > 0 && r.SgemmGflops > 0);
        TestUtil.Close(3 * 2 * (r.EncoderGflopPerClip + r.DecoderGflopPerClip), r.Pretrain.GflopPerStep, 1e-9);
    }

    [Fact]
    public void BenchRunsUnderBf16AutocastAndReportsItsPrecision()
    {
        var r = TrainBench.Run(new TrainBenchConfig("cpu-tiny", PretrainBatch: 2, FinetuneBatch: 2, Warmup: 1, Steps: 1, Device: "cpu", Precision: "bf16"));
        Assert.Equal("bf16", r.Precision);
        Assert.Equal(1, r.Processes);
        Assert.True(r.Pretrain.Tflops > 0);
        Assert.Equal(r.Pretrain.Gflops / 1000, r.Pretrain.Tflops, 12);
        Assert.Throws<ArgumentException>(() => TrainBench.Run(new TrainBenchConfig("cpu-tiny", Device: "cpu", Precision: "fp16")));
    }
}
