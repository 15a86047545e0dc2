using System.Diagnostics;
using Kit.Masking;
using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using Kit.Training.Distributed;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>Settings of the training benchmark; <paramref name="Model"/>, when set, replaces the preset (e.g. a scale's clip size).</summary>
/// <param name="PretrainBatch">clips per pre-training step over all processes (each of N ranks runs PretrainBatch / N).</param>
/// <param name="Precision">fp32, tf32, bf16 or fp16 (<see cref="Training.Precision"/>).</param>
public sealed record TrainBenchConfig(string Preset = ModelPresets.Default, int PretrainBatch = 8, int FinetuneBatch = 8, double MaskRatio = 0.9, int Warmup = 2, int Steps = 10, int Classes = 10, string Device = "auto", ModelConfig? Model = null,
    string Precision = "fp32");

/// <summary>Timing of one phase's training step (over all processes of a data-parallel job; the sgemm share is of
/// one process's rate times the number of processes).</summary>
public sealed record PhaseBench(int BatchSize, double StepMs, double StepsPerSecond, double ClipsPerSecond, double GflopPerStep, double Gflops, double FractionOfSgemm)
{
    public double Tflops => Gflops / 1000;
}

/// <summary>Measured training speed of a preset, against the engine's matmul rate (float32 sgemm of one process).</summary>
public sealed record TrainBenchResult(string Preset, ModelConfig Model, string Device, int Threads, double SgemmGflops, long Parameters,
    double EncoderGflopPerClip, double DecoderGflopPerClip, PhaseBench Pretrain, PhaseBench Finetune, string Precision = "fp32", int Processes = 1);

/// <summary>
/// Steps per second and clips per second of pre-training (encoder on visible tokens + decoder + AdamW) and fine-tuning
/// (full encoder + head + mixup + AdamW) at a model preset, on random clips, with FLOPs per step (backward counted as
/// twice the forward) and the achieved GFLOP/s as a share of the measured sgemm rate. The forward pass runs under the
/// precision's autocast (fp16 with loss scaling). In a data-parallel job (<see cref="ProcessGroup.Default"/>) each rank
/// steps on its share of the batch and gradients are averaged over the ranks before AdamW, so the step time is that of
/// the whole job at the same global batch.
/// </summary>
public static class TrainBench
{
    public static TrainBenchResult Run(TrainBenchConfig c, Action<string>? log = null)
    {
        var device = Kit.Torch.Device.Parse(c.Device);
        var model = c.Model ?? ModelPresets.Get(c.Preset);
        var precision = Precision.Parse(c.Precision);
        precision.Validate(device);
        using var matmul = precision.Matmul();
        var job = ProcessGroup.Default;
        var world = job?.WorldSize ?? 1;
        if (c.PretrainBatch % world != 0 || c.FinetuneBatch % world != 0)
            throw new ArgumentException($"bench: batches of {c.PretrainBatch} and {c.FinetuneBatch} clips do not split over {world} processes");
        var local = c with { PretrainBatch = c.PretrainBatch / world, FinetuneBatch = c.FinetuneBatch / world };
        manual_seed(0);
        var sgemm = Kit.Bench.EngineBench.Sgemm(1024, 5, device);
        log?.Invoke($"{c.Preset}: sgemm {sgemm:F1} GFLOP/s on {device}, {get_num_threads()} threads, precision {precision}{(world > 1 ? $", {world} processes" : "")}");
        var tokens = model.Grid.Tokens;
        var visible = tokens - (int)Math.Round(c.MaskRatio * tokens);
        using var pre = new MaskedVideoModel(model, [("pixel", model.CubeValues)]);
        pre.to(device);
        var enc = pre.Encoder.Flops(visible);
        var dec = pre.Decoder.Flops(visible);
        var preMs = Time(c, precision, device, () => PretrainStep(pre, local, device), pre, out var preOpt);
        preOpt.Dispose();
        log?.Invoke($"forward GFLOP per clip at mask ratio {c.MaskRatio}: encoder {enc / 1e9:F3}, decoder {dec / 1e9:F3} (width {model.DecoderOrDefault.Dim}, depth {model.DecoderOrDefault.Depth})");
        var preBench = Phase(c.PretrainBatch, preMs, 3 * c.PretrainBatch * (enc + dec), sgemm * world);
        log?.Invoke($"pretrain: {preBench.StepsPerSecond:F2} steps/s, {preBench.ClipsPerSecond:F1} clips/s, {preBench.GflopPerStep:F2} GFLOP/step, {preBench.Gflops:F1} GFLOP/s = {preBench.Tflops:F3} TFLOP/s ({preBench.FractionOfSgemm:P0} of {(world > 1 ? $"{world} x " : "")}sgemm); step {preBench.StepMs:F1} ms");
        using var ft = new VideoClassifier(model, c.Classes);
        ft.to(device);
        var ftMs = Time(c, precision, device, () => FinetuneStep(ft, local, device), ft, out var ftOpt);
        ftOpt.Dispose();
        var ftBench = Phase(c.FinetuneBatch, ftMs, 3 * c.FinetuneBatch * ft.Flops(), sgemm * world);
        log?.Invoke($"finetune: {ftBench.StepsPerSecond:F2} steps/s, {ftBench.ClipsPerSecond:F1} clips/s, {ftBench.GflopPerStep:F2} GFLOP/step, {ftBench.Gflops:F1} GFLOP/s = {ftBench.Tflops:F3} TFLOP/s ({ftBench.FractionOfSgemm:P0} of {(world > 1 ? $"{world} x " : "")}sgemm); step {ftBench.StepMs:F1} ms");
        return new TrainBenchResult(c.Preset, model, device.ToString(), get_num_threads(), sgemm, pre.Encoder.num_parameters(), enc / 1e9, dec / 1e9, preBench, ftBench, precision.Name, world);
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

    /// <summary>Median step time in ms after warmup; the step's loss (forward under the precision's autocast) drives
    /// AdamW over the model's parameter groups, with the gradients averaged over the ranks of a data-parallel job during
    /// backward, as the trainers do.</summary>
    private static double Time(TrainBenchConfig c, Precision precision, Device device, Func<Tensor> loss, nn.Module model, out Kit.Torch.Optim.AdamW opt)
    {
        opt = optim.AdamW(ParamGroups.Build(model, 0.05), 1e-4, 0.9, 0.95, weight_decay: 0.05);
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        var scaler = precision.NeedsScaler ? new GradScaler() : null;
        var job = ProcessGroup.Default;
        using var reducer = job is null ? null : new GradientReducer(job, parameters);
        var times = new List<double>();
        for (var i = 0; i < c.Warmup + c.Steps; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                Tensor l;
                using (precision.Forward(device)) l = loss();
                l = l.to(float32);
                reducer?.Prepare();
                (scaler?.scale(l) ?? l).backward();
                reducer?.Finish();
                var skip = scaler?.unscale_(parameters) ?? false;
                scaler?.update(skip);
                if (!skip) opt.step();
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
