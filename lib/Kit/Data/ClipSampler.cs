using System.Text.Json.Serialization;

namespace Kit.Data;

/// <summary>How frames are chosen from a video.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SamplingMode
{
    /// <summary>NumFrames frames Stride apart from a random start (pre-training; VideoMAE's sampling).</summary>
    Random,
    /// <summary>TSN: the video cut into NumFrames equal segments, one random frame from each (fine-tuning on SSv2-like
    /// data); at test time the middle frame of each segment.</summary>
    Segment,
    /// <summary>Clips clips Stride-strided, with starts spread evenly over the video (multi-view testing).</summary>
    Uniform,
}

/// <summary>What happens when a video is shorter than the span a clip needs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ShortVideoPolicy
{
    /// <summary>Repeat the last frame (the clip ends in a still; its flow there is zero).</summary>
    Pad,
    /// <summary>Wrap around to the first frame (the wrap is a cut; the kit gives it zero flow).</summary>
    Loop,
}

/// <summary>Temporal sampling settings.</summary>
/// <param name="NumFrames">T: frames the encoder sees.</param>
/// <param name="Stride">raw frames between sampled frames (Random and Uniform modes).</param>
/// <param name="Mode">random / segment / uniform.</param>
/// <param name="Clips">temporal views per video in Uniform mode (SSv2 test: 2, K400: 5).</param>
/// <param name="Short">padding policy for short videos.</param>
public sealed record SamplingConfig(int NumFrames = 16, int Stride = 2, SamplingMode Mode = SamplingMode.Random, int Clips = 1, ShortVideoPolicy Short = ShortVideoPolicy.Pad)
{
    /// <summary>Raw frames one clip spans (T x Stride; for Segment mode, the sampled frames themselves).</summary>
    public int Span => Mode == SamplingMode.Segment ? NumFrames : NumFrames * Stride;

    /// <summary>Raw-frame stride recorded in the batch (1 in Segment mode, whose frames are not evenly spaced).</summary>
    public int BatchStride => Mode == SamplingMode.Segment ? 1 : Stride;

    public SamplingConfig Validate()
    {
        if (NumFrames < 1) throw new ArgumentException($"sampling: num_frames must be at least 1, got {NumFrames}");
        if (Stride < 1) throw new ArgumentException($"sampling: stride must be at least 1, got {Stride}");
        if (Clips < 1) throw new ArgumentException($"sampling: clips must be at least 1, got {Clips}");
        return this;
    }
}

/// <summary>Frame indices of one clip: every raw frame it spans, and which of them the encoder sees.</summary>
/// <param name="Raw">indices of the Span raw frames in order (short videos padded or looped).</param>
/// <param name="Stride">the encoder sees Raw[0], Raw[Stride], ...</param>
public sealed record ClipIndices(long[] Raw, int Stride)
{
    /// <summary>The encoder's frames: every Stride-th raw index.</summary>
    public long[] Sampled => Raw.Where((_, i) => i % Stride == 0).ToArray();

    /// <summary>Per raw pair (k, k+1): true when the frames are consecutive in the video, so flow between them is real.</summary>
    public bool[] ConsecutivePairs => Enumerable.Range(0, Raw.Length - 1).Select(k => Raw[k + 1] == Raw[k] + 1).ToArray();
}

/// <summary>Temporal sampling: which frames of a video make a clip.</summary>
public static class ClipSampler
{
    /// <summary>The clip for one training draw (Random or Segment mode; Uniform mode takes view 0 of <see cref="Views"/>).</summary>
    public static ClipIndices Train(int videoFrames, SamplingConfig c, SeededRandom rng)
    {
        Check(videoFrames);
        return c.Mode switch
        {
            SamplingMode.Random => Strided(videoFrames, rng.Int(0, Math.Max(0, videoFrames - c.Span) + 1), c),
            SamplingMode.Segment => new ClipIndices(Segments(videoFrames, c.NumFrames, rng), 1),
            _ => Views(videoFrames, c)[0],
        };
    }

    /// <summary>Deterministic test clips: Uniform mode gives Clips evenly spread clips; Random mode one centred clip;
    /// Segment mode the middle frame of each segment.</summary>
    public static IReadOnlyList<ClipIndices> Views(int videoFrames, SamplingConfig c)
    {
        Check(videoFrames);
        if (c.Mode == SamplingMode.Segment) return [new ClipIndices(Segments(videoFrames, c.NumFrames, null), 1)];
        var clips = c.Mode == SamplingMode.Uniform ? c.Clips : 1;
        var room = Math.Max(0, videoFrames - c.Span);
        var views = new List<ClipIndices>();
        for (var k = 0; k < clips; k++)
        {
            var start = clips == 1 ? room / 2 : (int)Math.Round((double)room * k / (clips - 1));
            views.Add(Strided(videoFrames, start, c));
        }
        return views;
    }

    private static void Check(int videoFrames)
    {
        if (videoFrames < 1) throw new ArgumentException($"sampling: the video has {videoFrames} frames; scan the manifest to fill frame counts");
    }

    private static ClipIndices Strided(int n, int start, SamplingConfig c)
    {
        var raw = new long[c.Span];
        for (var i = 0; i < raw.Length; i++) raw[i] = Fit(start + i, n, c.Short);
        return new ClipIndices(raw, c.Stride);
    }

    /// <summary>TSN segment sampling: a random frame of each of <paramref name="count"/> equal segments (the middle one
    /// when <paramref name="rng"/> is null). A video shorter than count repeats frames in order.</summary>
    private static long[] Segments(int n, int count, SeededRandom? rng)
    {
        var idx = new long[count];
        var seg = (double)n / count;
        for (var k = 0; k < count; k++)
        {
            var lo = (int)Math.Floor(seg * k);
            var hi = Math.Max(lo + 1, (int)Math.Floor(seg * (k + 1)));
            idx[k] = Math.Min(n - 1, rng == null ? (lo + hi - 1) / 2 : rng.Int(lo, hi));
        }
        return idx;
    }

    private static long Fit(int i, int n, ShortVideoPolicy p) => i < n ? i : p == ShortVideoPolicy.Loop ? i % n : n - 1;
}
