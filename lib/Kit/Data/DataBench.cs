using System.Diagnostics;
using Kit.Data.Synth;
using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data;

/// <summary>Settings of `kit bench data`.</summary>
/// <param name="Videos">synthetic videos generated for the loader measurement.</param>
/// <param name="Batches">batches timed per loader setting (after one warm-up batch).</param>
/// <param name="BatchSize">clips per batch.</param>
/// <param name="FlowFrames">frames per flow measurement (pairs = frames - 1).</param>
/// <param name="ProxyDim">width of the stand-in encoder whose training step sets the consumption rate.</param>
/// <param name="ProxyDepth">its depth (plus a 4-block, half-width decoder over all tokens).</param>
/// <param name="MaskRatio">share of tokens hidden from the stand-in encoder.</param>
public sealed record DataBenchConfig(int Videos = 64, int Batches = 12, int BatchSize = 8, int FlowFrames = 9, int ProxyDim = 384, int ProxyDepth = 12, double MaskRatio = 0.9)
{
    /// <summary>The default-scale data the notebooks use: 64x64 videos of 32 frames, 16-frame clips at stride 2.</summary>
    public SynthConfig Synth => new(Videos: Videos, Seed: 0);
    public SamplingConfig Sampling => new(NumFrames: 16, Stride: 2);
    public AugmentConfig Augment => new(Size: 64);
}

/// <summary>One loader measurement.</summary>
public sealed record LoaderRate(string Setting, int Workers, double ClipsPerSecond);

/// <summary>One flow measurement.</summary>
public sealed record FlowRate(string Method, int Size, bool Compensated, double PairsPerSecond);

public sealed record DataBenchResult(double SynthVideosPerSecond, IReadOnlyList<LoaderRate> Loader, double TrainClipsPerSecond, IReadOnlyList<FlowRate> Flow);

/// <summary>
/// Measures the data layer: synthetic generation, clips per second through decode + sample + augment (with and without
/// raw frames and cached flow) against the clips per second a stand-in training step consumes, and flow pairs per
/// second per method at 112 and 224 pixels, with and without camera compensation (on vtest.avi when available).
/// </summary>
public static class DataBench
{
    public static DataBenchResult Run(DataBenchConfig c, string workDir, Action<string>? log = null)
    {
        var synthDir = Path.Combine(workDir, "synth");
        var sw = Stopwatch.StartNew();
        var synth = SynthDataset.Generate(synthDir, c.Synth);
        var synthRate = c.Videos / sw.Elapsed.TotalSeconds;
        log?.Invoke($"synthetic generation: {synthRate:F1} videos/s (64x64x32)");

        var manifest = Manifest.Load(synth.Train);
        var rates = new List<LoaderRate>();
        var plain = new VideoDatasetConfig(c.Sampling, c.Augment);
        var withFlow = plain with { Needs = TargetNeeds.RawFrames | TargetNeeds.Flow, Flow = new FlowConfig(FlowMethod.Dis), FlowCacheDir = Path.Combine(workDir, "flowcache") };
        foreach (var workers in new[] { 0, 1, 2 })
            rates.Add(new LoaderRate("clip", workers, LoaderRateOf(new VideoDataset(manifest, plain), c, workers)));
        // Fill the flow cache once (the first epoch's cost), then time warm epochs as training sees them.
        var flowDataset = new VideoDataset(manifest, withFlow);
        for (var i = 0; i < manifest.Count; i++) flowDataset.FlowCache!.Get(manifest.FullPath(i)).Dispose();
        foreach (var workers in new[] { 0, 2 })
            rates.Add(new LoaderRate("clip+raw+cached flow", workers, LoaderRateOf(flowDataset, c, workers)));
        foreach (var r in rates) log?.Invoke($"loader {r.Setting}, {r.Workers} workers: {r.ClipsPerSecond:F1} clips/s");

        var train = TrainClipsPerSecond(c);
        log?.Invoke($"stand-in training step (ViT dim {c.ProxyDim} x {c.ProxyDepth}, mask {c.MaskRatio}): {train:F1} clips/s");

        var flows = new List<FlowRate>();
        foreach (var size in new[] { 64, 112, 224 })
        {
            using var scope = NewDisposeScope();
            var frames = FlowFrames(c.FlowFrames, size);
            foreach (var method in new[] { FlowMethod.Farneback, FlowMethod.Dis, FlowMethod.Tvl1 })
                foreach (var compensate in new[] { false, true })
                {
                    var t = Stopwatch.StartNew();
                    using var r = OpticalFlow.Compute(frames, new FlowConfig(method, Compensate: compensate));
                    var rate = (frames.size(0) - 1) / t.Elapsed.TotalSeconds;
                    flows.Add(new FlowRate(method.ToString(), size, compensate, rate));
                    log?.Invoke($"flow {method} {size}x{size}{(compensate ? " compensated" : "")}: {rate:F1} pairs/s");
                }
        }
        return new DataBenchResult(synthRate, rates, train, flows);
    }

    private static double LoaderRateOf(VideoDataset ds, DataBenchConfig c, int workers)
    {
        var loader = new ClipLoader(ds, new LoaderConfig(BatchSize: c.BatchSize, Workers: workers, Seed: 1));
        var sw = new Stopwatch();
        var clips = 0L;
        var epoch = 0;
        var timed = -1;
        while (timed < c.Batches)
        {
            foreach (var b in loader.Epoch(epoch++))
            {
                using (b)
                {
                    if (timed == -1) sw.Start();
                    else clips += b.BatchSize;
                    if (++timed >= c.Batches) break;
                }
            }
        }
        return clips / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Real footage (vtest.avi, resized) when installed, else a synthetic clip at that size.</summary>
    private static Tensor FlowFrames(int count, int size)
    {
        const string vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
        Tensor frames;
        if (File.Exists(vtest)) frames = VideoFile.Read(vtest, Enumerable.Range(100, count).Select(i => (long)i).ToArray());
        else frames = SynthRenderer.Render(SynthGenerator.Scene(new SynthConfig(Frames: count), 0), size);
        var resized = nn.functional.interpolate(frames.permute(0, 3, 1, 2).to(float32), [size, size], "bilinear");
        return resized.round().clamp(0, 255).to(uint8).permute(0, 2, 3, 1).contiguous();
    }

    /// <summary>Clips per second of a stand-in pre-training step at the default scale: a ViT encoder over the visible
    /// tokens of 16x64x64 clips (2x16x16 cubes) and a 4-block decoder over all tokens, forward + backward + AdamW.</summary>
    private static double TrainClipsPerSecond(DataBenchConfig c)
    {
        var tokens = new TokenGrid(16, 64, 64).Tokens;
        var visible = Math.Max(1, (int)Math.Round(tokens * (1 - c.MaskRatio)));
        var dd = c.ProxyDim / 2;
        var encoder = Enumerable.Range(0, c.ProxyDepth).Select(_ => new Block(c.ProxyDim, c.ProxyDim / 64)).ToList();
        var decoder = Enumerable.Range(0, 4).Select(_ => new Block(dd, Math.Max(1, dd / 64))).ToList();
        var bridge = nn.Linear(c.ProxyDim, dd);
        var parameters = encoder.SelectMany(b => b.parameters()).Concat(decoder.SelectMany(b => b.parameters())).Concat(bridge.parameters()).ToList();
        var opt = optim.AdamW(parameters, lr: 1e-4);
        using var x = randn([c.BatchSize, visible, c.ProxyDim]);
        using var fill = randn([c.BatchSize, tokens - visible, dd]);
        using var y = randn([c.BatchSize, tokens, dd]);
        var times = new List<double>();
        for (var step = 0; step < 5; step++)
        {
            var sw = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                opt.zero_grad();
                var h = x;
                foreach (var b in encoder) h = b.call(h);
                var d = cat([bridge.call(h), fill], 1);
                foreach (var b in decoder) d = b.call(d);
                nn.functional.mse_loss(d, y).backward();
                opt.step();
            }
            if (step > 0) times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return c.BatchSize / times[times.Count / 2];
    }
}
