using System.Collections.Concurrent;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data;

/// <summary>
/// Clips from the videos of a manifest: decode the frames a clip needs, sample, augment, and (when asked) attach the
/// raw-rate frames and the flow with the same geometry. Training items are videos with random clips and crops; test
/// items are every (video, temporal view, spatial crop). Thread-safe: the loader's workers call <see cref="Get(int, SeededRandom)"/> at
/// once. Everything random comes from the <see cref="SeededRandom"/> the caller passes.
/// A truncated or corrupt video (it decodes fewer frames than its container or the manifest promises, fewer than a clip
/// needs) is never padded into a still clip with zero motion: it is skipped, reported once through <see cref="Skip"/>
/// and listed in <see cref="Skipped"/>, and the next usable video stands in for it.
/// </summary>
public sealed class VideoDataset
{
    private readonly int[] frames;
    private readonly FlowCache? cache;

    public VideoDataset(Manifest manifest, VideoDatasetConfig config)
    {
        Manifest = manifest;
        Config = config.Validate();
        frames = manifest.Entries.Select(e => e.Frames).ToArray();
        if (config.Needs.HasFlag(TargetNeeds.Flow) && config.FlowCacheDir != null)
            cache = new FlowCache(config.FlowCacheDir, config.FlowSettings, config.FlowStorage);
    }

    public Manifest Manifest { get; }
    public VideoDatasetConfig Config { get; }

    private readonly ConcurrentDictionary<int, string> skipped = new();

    /// <summary>Videos skipped so far (manifest index -> why), e.g. for a run's summary.</summary>
    public IReadOnlyDictionary<int, string> Skipped => skipped;

    /// <summary>Called once per skipped video with a line naming the file and why (default: written to stderr).</summary>
    public Action<string> Skip { get; set; } = line => Console.Error.WriteLine(line);

    /// <summary>Called with progress lines about slow first-time work, such as building the flow cache (default: stderr).</summary>
    public Action<string> Progress { get; set; } = line => Console.Error.WriteLine(line);

    private readonly Lock buildGate = new();
    private readonly System.Diagnostics.Stopwatch building = new();
    private readonly System.Diagnostics.Stopwatch sinceReport = new();
    private int toBuild, built;

    /// <summary>Raw frames one clip reads: the span, plus the extra flow frames when flow is loaded.</summary>
    private int FramesNeeded => Config.Sampling.Span + (Config.Needs.HasFlag(TargetNeeds.Flow) ? Config.ExtraFlowFrames : 0);

    /// <summary>The flow cache in use, if any.</summary>
    public FlowCache? FlowCache => cache;

    /// <summary>Temporal views per video (test mode).</summary>
    public int ClipsPerVideo => Config.Train ? 1 : Config.Sampling.Mode == SamplingMode.Uniform ? Config.Sampling.Clips : 1;

    /// <summary>Spatial views per clip (test mode).</summary>
    public int CropsPerClip => Config.Train ? 1 : Config.Augment.Crops;

    /// <summary>Items: videos (training) or videos x clips x crops (test).</summary>
    public int Count => Manifest.Count * ClipsPerVideo * CropsPerClip;

    /// <summary>Number of decodable frames of video <paramref name="video"/>; counted on first use when the manifest
    /// was not scanned.</summary>
    public int FramesOf(int video)
    {
        var n = Volatile.Read(ref frames[video]);
        if (n > 0) return n;
        var path = Manifest.FullPath(video);
        n = VideoFile.Info(path).Frames;
        // A container that promises more frames than decode, when the clip needs the missing ones, marks a truncated
        // file (short videos that are whole are padded by the sampling policy instead).
        var claimed = VideoFile.Info(path, exact: false).Frames;
        if (n < claimed && n < FramesNeeded)
            MarkSkipped(video, $"decodes {n} frames although its container claims {claimed} (truncated or corrupt), and a clip needs {FramesNeeded}");
        Volatile.Write(ref frames[video], n);
        return n;
    }

    private void MarkSkipped(int video, string why)
    {
        if (skipped.TryAdd(video, why)) Skip($"dataset: skipping video '{Manifest.FullPath(video)}': {why}");
    }

    /// <summary>The video itself when usable, else the next usable one (in manifest order, wrapping).</summary>
    private int Usable(int video)
    {
        for (var k = 0; k < Manifest.Count; k++)
        {
            var v = (video + k) % Manifest.Count;
            if (skipped.ContainsKey(v)) continue;
            try
            {
                FramesOf(v);
            }
            catch (TorchException e)
            {
                MarkSkipped(v, e.Message);
            }
            if (!skipped.ContainsKey(v)) return v;
        }
        throw new InvalidDataException($"dataset: every one of the manifest's {Manifest.Count} videos is unusable ({string.Join("; ", skipped.Take(3).Select(kv => $"{Manifest.FullPath(kv.Key)}: {kv.Value}"))}...)");
    }

    /// <summary>Item <paramref name="item"/>; <paramref name="rng"/> draws the training clip and crop (unused at test).</summary>
    public ClipSample Get(int item, SeededRandom rng)
    {
        if (item < 0 || item >= Count) throw new ArgumentOutOfRangeException(nameof(item), $"item {item} is outside 0..{Count - 1}");
        var perVideo = ClipsPerVideo * CropsPerClip;
        var view = item % perVideo;
        for (var attempt = 0; ; attempt++)
        {
            var video = Usable((item / perVideo + attempt) % Manifest.Count);
            try
            {
                return Get(video, view, rng);
            }
            catch (TorchException e) when (attempt < Manifest.Count && e.Operation is "video read" or "video info")
            {
                // The file ends before a frame the manifest (or the container) promised: skip it, try the next one.
                MarkSkipped(video, e.Message);
            }
        }
    }

    private ClipSample Get(int video, int view, SeededRandom rng)
    {
        var entry = Manifest.Entries[video];
        var path = Manifest.FullPath(entry);
        var n = FramesOf(video);
        var clip = Config.Train ? ClipSampler.Train(n, Config.Sampling, rng) : ClipSampler.Views(n, Config.Sampling)[view / CropsPerClip];

        using var scope = NewDisposeScope();
        var needRaw = Config.Needs != TargetNeeds.None;
        var needFlow = Config.Needs.HasFlag(TargetNeeds.Flow);
        // Flow may run past the span (ExtraFlowFrames); indices past the video's end repeat its last frame.
        var flowClip = needFlow && Config.ExtraFlowFrames > 0
            ? new ClipIndices(clip.Raw.Concat(Enumerable.Range(1, Config.ExtraFlowFrames).Select(k => Math.Min(clip.Raw[^1] + k, n - 1))).ToArray(), clip.Stride)
            : clip;
        var decoded = VideoFile.Read(path, needRaw ? flowClip.Raw : clip.Sampled);
        var (h, w) = ((int)decoded.size(1), (int)decoded.size(2));
        var geometry = Config.Train ? SpatialAugment.Train(h, w, Config.Augment, rng) : SpatialAugment.Test(h, w, Config.Augment)[view % CropsPerClip];

        // With extras, every raw frame of the span is decoded and the encoder's frames are every Stride-th of them.
        var frames = geometry.ApplyToFrames(decoded);
        var span = ReferenceEquals(flowClip, clip) ? frames : frames.narrow(1, 0, clip.Raw.Length);
        var sampled = needRaw ? span.slice(1, 0, span.size(1), clip.Stride).contiguous() : frames;
        Tensor? flow = needFlow ? geometry.ApplyToFlow(ClipFlow(path, flowClip, decoded), Config.Augment.RescaleFlow) : null;
        var keepRaw = Config.Needs.HasFlag(TargetNeeds.RawFrames);
        return new ClipSample(
            sampled.DetachFromDisposeScope(),
            keepRaw ? frames.DetachFromDisposeScope() : null,
            flow?.DetachFromDisposeScope(),
            entry.Label,
            video);
    }

    /// <summary>The first cache miss says what is happening: the run is slower until every video's flow is cached.</summary>
    private void StartBuilding()
    {
        lock (buildGate)
        {
            if (building.IsRunning) return;
            toBuild = Enumerable.Range(0, Manifest.Count).Count(v => !File.Exists(cache!.EntryPath(Manifest.FullPath(v))));
            building.Start();
            sinceReport.Start();
            Progress($"building the flow cache: {toBuild} of {Manifest.Count} videos have no cached {cache!.Config.Method} flow yet ({cache.Directory}); "
                + "each is computed the first time training reads it, so this first run is slower (./kit flow cache fills it ahead)");
        }
    }

    private void Built()
    {
        lock (buildGate)
        {
            built++;
            if (sinceReport.Elapsed.TotalSeconds < 10 && built < toBuild) return;
            var eta = building.Elapsed.TotalSeconds / built * Math.Max(0, toBuild - built);
            Progress($"flow cache: {built}/{toBuild} videos computed, {building.Elapsed.TotalSeconds:F0} s" + (built < toBuild ? $", about {eta:F0} s left at this pace" : ""));
            sinceReport.Restart();
        }
    }

    /// <summary>Raw-rate flow of the clip's span before augmentation: pair k is frame Raw[k] -> Raw[k+1]; pairs that
    /// are not consecutive video frames (padding repeats, loop wraps) get zero flow.</summary>
    /// <param name="decoded">(Span, H, W, 3) uint8 frames at clip.Raw.</param>
    /// <returns>(Span - 1, 2, H, W) float32 pixels.</returns>
    private Tensor ClipFlow(string path, ClipIndices clip, Tensor decoded)
    {
        var pairs = clip.Raw.Length - 1;
        if (pairs < 1) throw new ArgumentException("dataset: flow needs clips of at least 2 raw frames");
        var valid = tensor(clip.ConsecutivePairs.Select(b => b ? 1f : 0f).ToArray(), [pairs, 1, 1, 1]);
        Tensor flow;
        if (cache != null)
        {
            var miss = !File.Exists(cache.EntryPath(path));
            if (miss) StartBuilding();
            flow = cache.GetPairs(path, clip.Raw.Take(pairs).ToArray());
            if (miss) Built();
        }
        else
        {
            // Belongs to the caller's dispose scope, like every intermediate here.
            flow = OpticalFlow.Compute(decoded, Config.FlowSettings).Flow;
        }
        return flow * valid;
    }
}
