using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kit.Torch;

namespace Kit.Data;

/// <summary>How cached flow is stored on disk.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FlowStorage
{
    /// <summary>float16: 2 bytes per value, error below 0.01 px inside ±20 px.</summary>
    Half,
    /// <summary>uint8 as in the MME release, q = round(255 (v + B) / 2B); read back as q 2B / 255 - B (step 2B/255 px).</summary>
    Byte,
}

/// <summary>
/// Whole-video optical flow computed once and kept on disk, so repeated epochs cost a file read. Entries live under
/// Root/&lt;settings hash&gt;/, so changing any <see cref="FlowConfig"/> field or the storage format starts a fresh cache;
/// an entry's name carries the video's size and modification time, so an edited video is recomputed. Reads always
/// convert stored values back to pixels (the MME release tracks raw 0..255 bytes because it forgot to).
/// Safe to use from several loader workers at once (writes are atomic renames).
/// </summary>
public sealed class FlowCache
{
    public FlowCache(string root, FlowConfig config, FlowStorage storage = FlowStorage.Half)
    {
        Config = config.Validate();
        Storage = storage;
        if (storage == FlowStorage.Byte && config.Bound <= 0)
            throw new ArgumentException("flow cache: byte storage quantises ±Bound into 0..255 and needs Bound > 0");
        Directory = Path.Combine(root, $"{config.Key()}-{storage.ToString().ToLowerInvariant()}");
        System.IO.Directory.CreateDirectory(Directory);
        var settings = Path.Combine(Directory, "settings.json");
        if (!File.Exists(settings))
            File.WriteAllText(settings, JsonSerializer.Serialize(new { config, storage }, new JsonSerializerOptions { WriteIndented = true }));
    }

    public FlowConfig Config { get; }
    public FlowStorage Storage { get; }

    /// <summary>This configuration's folder inside the cache root.</summary>
    public string Directory { get; }

    /// <summary>Number of flow computations this instance ran (cache misses).</summary>
    public int Misses => misses;

    private int misses;

    /// <summary>Cache file of a video (depends on its full path, size and modification time).</summary>
    public string EntryPath(string videoPath)
    {
        var fi = new FileInfo(videoPath);
        if (!fi.Exists) throw new FileNotFoundException($"flow cache: video '{videoPath}' does not exist", videoPath);
        var id = $"{fi.FullName}|{fi.Length}|{fi.LastWriteTimeUtc.Ticks}";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16].ToLowerInvariant();
        return Path.Combine(Directory, $"{Path.GetFileNameWithoutExtension(videoPath)}-{hash}.npy");
    }

    /// <summary>The flow of every frame pair of the video, from the cache or computed (and stored) now.</summary>
    /// <param name="frames">optional (T, H, W, 3) uint8 frames of the whole video, when the caller already decoded them.</param>
    /// <returns>(T - stride, 2, H, W) float32 pixels.</returns>
    public Tensor Get(string videoPath, Tensor? frames = null)
    {
        var entry = EntryPath(videoPath);
        if (File.Exists(entry))
        {
            try
            {
                using var stored = Npy.Load(entry);
                return Decode(stored);
            }
            catch (InvalidDataException)
            {
                // A torn or foreign file: recompute and overwrite it below.
            }
        }
        Interlocked.Increment(ref misses);
        using var scope = torch.NewDisposeScope();
        var video = frames ?? VideoFile.ReadAll(videoPath);
        using var result = OpticalFlow.Compute(video, Config);
        using var encoded = Encode(result.Flow);
        Npy.Save(entry, encoded);
        return scope.MoveToOuter(Decode(encoded));
    }

    /// <summary>The flow of selected frame pairs (pair i = frame i -> i + stride), reading from disk only the rows
    /// between the first and last requested pair; indices past the last pair are clamped to it.</summary>
    /// <returns>(pairs.Count, 2, H, W) float32 pixels.</returns>
    public Tensor GetPairs(string videoPath, IReadOnlyList<long> pairs)
    {
        if (pairs.Count == 0) throw new ArgumentException("flow cache: no pairs requested", nameof(pairs));
        var entry = EntryPath(videoPath);
        using var scope = torch.NewDisposeScope();
        long rows;
        try
        {
            rows = File.Exists(entry) ? Npy.Rows(entry) : -1;
        }
        catch (InvalidDataException)
        {
            rows = -1;
        }
        if (rows < 0)
        {
            Get(videoPath);
            rows = Npy.Rows(entry);
        }
        var idx = pairs.Select(i => Math.Clamp(i, 0, rows - 1)).ToArray();
        var (lo, hi) = (idx.Min(), idx.Max());
        var block = Decode(Npy.LoadRows(entry, lo, hi - lo + 1));
        var picked = block.index_select(0, torch.tensor(idx.Select(i => i - lo).ToArray()));
        return scope.MoveToOuter(picked);
    }

    /// <summary>Fills the cache for every video of a manifest, <paramref name="workers"/> videos at a time (the first
    /// epoch's flow cost, paid up front). Returns the number of videos computed (the rest were cached already).</summary>
    public int Warm(Manifest manifest, int workers = 0, Action<int, int>? progress = null)
    {
        var before = Misses;
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers > 0 ? workers : Environment.ProcessorCount };
        // One video per thread: OpenCV's own threads would only compete with ours. (A build without the vision library
        // can still read a filled cache; a miss there fails in Get with the missing-OpenCV message.)
        using var single = options.MaxDegreeOfParallelism > 1 && Kit.Torch.Native.VisionLibrary.IsAvailable ? OpenCvThreads.Limit(1) : null;
        Parallel.For(0, manifest.Count, options, i =>
        {
            using (var scope = torch.NewDisposeScope()) Get(manifest.FullPath(i));
            progress?.Invoke(Interlocked.Increment(ref done), manifest.Count);
        });
        return Misses - before;
    }

    /// <summary>Pixels to the stored representation.</summary>
    public Tensor Encode(Tensor flow) => Storage switch
    {
        FlowStorage.Half => flow.to(ScalarType.Float16),
        _ => ByteEncode(flow),
    };

    /// <summary>The exact inverse of <see cref="Encode"/>'s mapping: stored values back to float32 pixels.</summary>
    public Tensor Decode(Tensor stored)
    {
        var want = Storage == FlowStorage.Half ? ScalarType.Float16 : ScalarType.Byte;
        if (stored.dtype != want) throw new InvalidDataException($"flow cache entry has dtype {stored.dtype.Name()}, expected {want.Name()}");
        if (Storage == FlowStorage.Half) return stored.to(ScalarType.Float32);
        using var scope = torch.NewDisposeScope();
        var b = Config.Bound;
        return scope.MoveToOuter(stored.to(ScalarType.Float32) * (2 * b / 255.0) - b);
    }

    private Tensor ByteEncode(Tensor flow)
    {
        using var scope = torch.NewDisposeScope();
        var b = Config.Bound;
        var q = ((flow.clamp(-b, b) + b) * (255.0 / (2 * b))).round();
        return scope.MoveToOuter(q.to(ScalarType.Byte));
    }
}
