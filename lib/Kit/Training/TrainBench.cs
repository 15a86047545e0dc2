using System.Diagnostics;
using Kit.Masking;
using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>Settings of the training benchmark; <paramref name="Model"/>, when set, replaces the preset (e.g. a scale's clip size).</summary>
public sealed record TrainBenchConfig(string Preset = ModelPresets.Default, int PretrainBatch = 8, int FinetuneBatch = 8, double MaskRatio = 0.9, int Warmup = 2, int Steps = 10, int Classes = 10, string Device = "auto", ModelConfig? Model = null);

/// <summary>Timing of one phase's training step.</summary>
public sealed record PhaseBench(int BatchSize, double StepMs, double StepsPerSecond, double ClipsPerSecond, double GflopPerStep, double Gflops, double FractionOfSgemm);

/// <summary>Measured training speed of a preset, against the engine's matmul rate.</summary>
public sealed record TrainBenchResult(string Preset, ModelConfig Model, string Device, int Threads, double SgemmGflops, long Parameters,
    double EncoderGflopPerClip, double DecoderGflopPerClip, PhaseBench Pretrain, PhaseBench Finetune);

/// <summary>
/// Steps per second and clips per second of pre-training (encoder on visible tokens + decoder + AdamW) and fine-tuning
/// (full encoder + head + mixup + AdamW) at a model preset, on random clips, with FLOPs per step (backward counted as
/// twice the forward) and the achieved GFLOP/s as a share of the measured sgemm rate.
/// </summary>
public static class TrainBench
{
    public static TrainBenchResult Run(TrainBenchConfig c, Action<string>? log = null)
    {
        var device = Kit.Torch.Device.Parse(c.Device);
        var model = c.Model ?? ModelPresets.Get(c.Preset);
        manual_seed(0);
        var sgemm = Kit.Bench.EngineBench.Sgemm(1024, 5, device);
        log?.Invoke($"{c.Preset}: sgemm {sgemm:F1} GFLOP/s on {device}, {get_num_threads()} threads");
        var tokens = model.Grid.Tokens;
        var visible = tokens - (int)Math.Round(c.MaskRatio * tokens);
        using var pre = new MaskedVideoModel(model, [("pixel", model.CubeValues)]);
        pre.to(device);
        var enc = pre.Encoder.Flops(visible);
        var dec = pre.Decoder.Flops(visible);
        var preMs = Time(c, () => PretrainStep(pre, c, device), pre, out var preOpt);
        preOpt.Dispose();
        log?.Invoke($"forward GFLOP per clip at mask ratio {c.MaskRatio}: encoder {enc / 1e9:F3}, decoder {dec / 1e9:F3} (width {model.DecoderOrDefault.Dim}, depth {model.DecoderOrDefault.Depth})");
        var preBench = Phase(c.PretrainBatch, preMs, 3 * c.PretrainBatch * (enc + dec), sgemm);
        log?.Invoke($"pretrain: {preBench.StepsPerSecond:F2} steps/s, {preBench.ClipsPerSecond:F1} clips/s, {preBench.GflopPerStep:F2} GFLOP/step, {preBench.Gflops:F1} GFLOP/s ({preBench.FractionOfSgemm:P0} of sgemm)");
        using var ft = new VideoClassifier(model, c.Classes);
        ft.to(device);
        var ftMs = Time(c, () => FinetuneStep(ft, c, device), ft, out var ftOpt);
        ftOpt.Dispose();
        var ftBench = Phase(c.FinetuneBatch, ftMs, 3 * c.FinetuneBatch * ft.Flops(), sgemm);
        log?.Invoke($"finetune: {ftBench.StepsPerSecond:F2} steps/s, {ftBench.ClipsPerSecond:F1} clips/s, {ftBench.GflopPerStep:F2} GFLOP/step, {ftBench.Gflops:F1} GFLOP/s ({ftBench.FractionOfSgemm:P0} of sgemm)");
        return new TrainBenchResult(c.Preset, model, device.ToString(), get_num_threads(), sgemm, pre.Encoder.num_parameters(), enc / 1e9, dec / 1e9, preBench, ftBench);
    }

    /// <summary>
    /// Forward GFLOP per clip (multiply-adds x 2) of encoder + decoder for each decoder arrangement and depth, as MME
    /// Table 12 lists them; <paramref name="parts"/> are the target parts' sizes.
    /// </summary>
    public static IReadOnlyList<(DecoderArrangement Arrangement, int Depth, double EncoderGflop, double DecoderGflop)> DecoderTable(
        ModelConfig model, IReadOnlyList<(string Name, int Dim)> parts, double maskRatio, int[] depths)
    {
        var tokens = model.Grid.Tokens;
        var visible = tokens - (int)Math.Round(maskRatio * tokens);
        var rows = new List<(DecoderArrangement, int, double, double)>();
        var encoder = VideoEncoder.FlopsFor(model, visible) / 1e9;
        foreach (var a in new[] { DecoderArrangement.Joint, DecoderArrangement.Separate, DecoderArrangement.SharedButLast })
            foreach (var depth in depths)
            {
                if (a == DecoderArrangement.SharedButLast && depth < 2) continue;
                var m = model with { Decoder = model.DecoderOrDefault with { Depth = depth, Arrangement = a } };
                rows.Add((a, depth, encoder, VideoDecoder.FlopsFor(m, parts, visible) / 1e9));
            }
        return rows;
    }

    private static PhaseBench Phase(int batch, double ms, double flops, double sgemm)
    {
        var rate = flops / 1e9 / (ms / 1000);
        return new PhaseBench(batch, ms, 1000 / ms, batch * 1000 / ms, flops / 1e9, rate, rate / sgemm);
    }

    /// <summary>Median step time in ms after warmup; the step's loss drives AdamW over the model's parameter groups.</summary>
    private static double Time(TrainBenchConfig c, Func<Tensor> loss, nn.Module model, out Kit.Torch.Optim.AdamW opt)
    {
        opt = optim.AdamW(ParamGroups.Build(model, 0.05), 1e-4, 0.9, 0.95, weight_decay: 0.05);
        var times = new List<double>();
        for (var i = 0; i < c.Warmup + c.Steps; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                var l = loss();
                l.backward();
                opt.step();
                opt.zero_grad();
                _ = l.item<float>();
            }
            if (i >= c.Warmup) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static Tensor PretrainStep(MaskedVideoModel m, TrainBenchConfig c, Device device)
    {
        var cfg = m.Config;
        var g = cfg.Grid;
        var b = c.PretrainBatch;
        var clip = rand([b, cfg.Channels, cfg.Frames, cfg.ImageSize, cfg.ImageSize], device: device);
        var hidden = (int)Math.Round(c.MaskRatio * g.Tokens);
        var mask = rand([b, g.Tokens], device: device).argsort(1).argsort(1) < hidden;
        using var result = new MaskResult(mask.alias(), (!mask).nonzero().select(1, 1).reshape(b, g.Tokens - hidden));
        var target = new TargetPart("pixel", randn([b, g.Tokens, cfg.CubeValues], device: device), null);
        var pred = m.forward(clip, result);
        return ReconstructionLoss.Compute(pred, [target], MaskedVideoModel.MaskedIndices(mask), new LossConfig()).Total;
    }

    private static Tensor FinetuneStep(VideoClassifier m, TrainBenchConfig c, Device device)
    {
        var cfg = m.Encoder.Config;
        var b = c.FinetuneBatch;
        var clip = rand([b, cfg.Channels, cfg.Frames, cfg.ImageSize, cfg.ImageSize], device: device);
        var labels = randint(0, c.Classes, [b], device: device);
        var (mixed, soft, _) = Mixup.Apply(clip, labels, c.Classes, 0.1, new MixupConfig());
        return nn.functional.cross_entropy(m.forward(mixed), soft);
    }
}
