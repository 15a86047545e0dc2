using System.IO.Compression;
using System.Runtime.InteropServices;
using Kit.Torch;

namespace Kit.Model;

/// <summary>
/// A file written by Python's <c>torch.save</c> (the zip format, PyTorch 1.6 and later): a pickle (data.pkl) plus one
/// zip entry per storage. Unlike <see cref="TensorArchive"/>, which reads flat dicts of tensors, this reads whatever
/// the file holds (a release checkpoint wraps its state_dict in {"model": ..., "epoch": ..., "args": Namespace}) and
/// finds the state_dict in it. Tensors arrive on the CPU as float32 (floating types), int64 (integers) or bool.
/// </summary>
public static class PthFile
{
    /// <summary>Keys under which releases wrap their state_dict, tried in order ("model|module" in VideoMAE's scripts).</summary>
    public static IReadOnlyList<string> WrapperKeys { get; } = ["model", "module", "state_dict", "model_state"];

    /// <summary>The file's object graph (tensors as <see cref="TensorRef"/>) and a reader for their storages.</summary>
    public sealed class Contents(string path, ZipArchive zip, string prefix, object? root) : IDisposable
    {
        public string Path => path;
        public object? Root => root;

        /// <summary>Copies a tensor view out of its storage into a contiguous CPU tensor.</summary>
        public Tensor Materialise(TensorRef t, string name)
        {
            var entry = zip.GetEntry($"{prefix}data/{t.Storage.Key}")
                ?? throw new InvalidDataException($"'{path}': tensor '{name}' refers to storage {t.Storage.Key}, which the file lacks");
            var bytes = new byte[entry.Length];
            using (var s = entry.Open()) s.ReadExactly(bytes);
            return TensorFromStorage(bytes, t, name, path);
        }

        public void Dispose() => zip.Dispose();
    }

    /// <summary>Opens a torch.save file and reads its pickle (dispose to close the file).</summary>
    public static Contents Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var read = stream.Read(magic);
        stream.Position = 0;
        if (read < 2 || magic[0] != (byte)'P' || magic[1] != (byte)'K')
        {
            stream.Dispose();
            throw new InvalidDataException($"'{path}' is not a zip-format torch.save file (a legacy pre-1.6 file or not a checkpoint); "
                + "re-save it in Python with torch.save(torch.load(path), path)");
        }
        var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        try
        {
            var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1);
            if (pkl is null)
            {
                var hint = zip.Entries.Any(e => e.FullName.EndsWith("/constants.pkl", StringComparison.Ordinal)) ? " (it is a TorchScript archive from torch.jit.save)" : "";
                throw new InvalidDataException($"'{path}' is a zip file without data.pkl, not a torch.save checkpoint{hint}");
            }
            var prefix = pkl.FullName[..^"data.pkl".Length];
            if (zip.GetEntry(prefix + "byteorder") is { } order)
            {
                using var r = new StreamReader(order.Open());
                var value = r.ReadToEnd().Trim();
                if (value != "little") throw new InvalidDataException($"'{path}' stores tensors in {value}-endian byte order; only little-endian files are read");
            }
            var bytes = new byte[pkl.Length];
            using (var s = pkl.Open()) s.ReadExactly(bytes);
            return new Contents(path, zip, prefix, TorchPickle.Read(bytes, path));
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the state_dict of a checkpoint: the file's dict of tensors itself, or the one under a
    /// <see cref="WrapperKeys"/> key. A "module." prefix on every name (a model saved inside DistributedDataParallel)
    /// is removed. Non-tensor entries of a state_dict are an error.
    /// </summary>
    /// <returns>name -> CPU tensor, in the file's order; dispose to free them.</returns>
    public static LoadedArchive ReadStateDict(string path)
    {
        using var file = Open(path);
        var dict = FindStateDict(file.Root, path);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            var names = dict.Select(kv => kv.Key as string ?? throw new InvalidDataException($"'{path}': the state_dict has a non-string key {kv.Key}")).ToList();
            var strip = names.Count > 0 && names.All(n => n.StartsWith("module.", StringComparison.Ordinal));
            foreach (var (key, value) in dict)
            {
                var name = (string)key;
                if (value is not TensorRef t)
                    throw new InvalidDataException($"'{path}': state_dict entry '{name}' is a {Describe(value)}, not a tensor");
                tensors[strip ? name["module.".Length..] : name] = file.Materialise(t, name).DetachFromDisposeScope();
            }
            return new LoadedArchive(tensors, null);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>The shape of every state_dict entry, read from the pickle alone (no tensor data is read).</summary>
    public static Dictionary<string, long[]> ReadShapes(string path)
    {
        using var file = Open(path);
        var dict = FindStateDict(file.Root, path);
        var names = dict.Select(kv => (string)kv.Key).ToList();
        var strip = names.Count > 0 && names.All(n => n.StartsWith("module.", StringComparison.Ordinal));
        return dict.ToDictionary(kv => strip ? ((string)kv.Key)["module.".Length..] : (string)kv.Key, kv => ((TensorRef)kv.Value!).Size);
    }

    private static PyDict FindStateDict(object? root, string path)
    {
        if (root is not PyDict top) throw new InvalidDataException($"'{path}' holds a {Describe(root)}, not a dict with a state_dict");
        if (top.Count > 0 && top.All(kv => kv.Value is TensorRef && kv.Key is string)) return top;
        foreach (var key in WrapperKeys)
            if (top[key] is PyDict inner && inner.All(kv => kv.Value is TensorRef && kv.Key is string)) return inner;
        throw new InvalidDataException($"'{path}' has no state_dict: its top-level keys are [{string.Join(", ", top.Select(kv => $"{kv.Key} ({Describe(kv.Value)})"))}]; "
            + $"expected a dict of tensors, or one under {string.Join(", ", WrapperKeys.Select(k => $"'{k}'"))}");
    }

    private static string Describe(object? o) => o switch
    {
        null => "None",
        TensorRef t => $"tensor {Tensor.ShapeString(t.Size)}",
        PyDict d => $"dict of {d.Count}",
        PyObject p => p.Class.ToString(),
        object?[] t => $"tuple of {t.Length}",
        List<object?> l => $"list of {l.Count}",
        string => "string",
        long or double or bool => o.GetType().Name.ToLowerInvariant(),
        _ => o.GetType().Name,
    };

    /// <summary>Bytes per element and the kit type of each storage class torch.save names.</summary>
    private static (int Bytes, ScalarType Kind) Element(string storageType, string name, string path) => storageType switch
    {
        "FloatStorage" => (4, ScalarType.Float32),
        "DoubleStorage" => (8, ScalarType.Float32),
        "HalfStorage" => (2, ScalarType.Float32),
        "BFloat16Storage" => (2, ScalarType.Float32),
        "LongStorage" => (8, ScalarType.Int64),
        "IntStorage" => (4, ScalarType.Int64),
        "ShortStorage" => (2, ScalarType.Int64),
        "CharStorage" => (1, ScalarType.Int64),
        "ByteStorage" => (1, ScalarType.Int64),
        "BoolStorage" => (1, ScalarType.Bool),
        _ => throw new InvalidDataException($"'{path}': tensor '{name}' has storage type {storageType}, which the kit does not read"),
    };

    private static bool IsContiguous(TensorRef t)
    {
        long expected = 1;
        for (var d = t.Size.Length - 1; d >= 0; d--)
        {
            if (t.Size[d] != 1 && t.Stride[d] != expected) return false;
            expected *= t.Size[d];
        }
        return true;
    }

    private static Tensor TensorFromStorage(byte[] bytes, TensorRef t, string name, string path)
    {
        var (size, kind) = Element(t.Storage.StorageType, name, path);
        var numel = t.Size.Aggregate(1L, (a, b) => a * b);
        if (t.Storage.StorageType == "FloatStorage" && IsContiguous(t) && (t.Offset + numel) * 4 <= bytes.Length)
            // The common case (a state_dict of float32 parameters): one copy, no per-element indexing.
            return torch.tensor((ReadOnlySpan<float>)MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)(t.Offset * 4), (int)(numel * 4))), t.Size);
        // Index of every element of the view in the storage (row-major over Size), then one read per element.
        var index = new long[numel];
        var counter = new long[t.Size.Length];
        for (long i = 0; i < numel; i++)
        {
            long at = t.Offset;
            for (var d = 0; d < counter.Length; d++) at += counter[d] * t.Stride[d];
            if (at < 0 || (at + 1) * size > bytes.Length)
                throw new InvalidDataException($"'{path}': tensor '{name}' {Tensor.ShapeString(t.Size)} reads past its storage ({bytes.Length / size} elements)");
            index[i] = at;
            for (var d = counter.Length - 1; d >= 0; d--)
            {
                if (++counter[d] < t.Size[d]) break;
                counter[d] = 0;
            }
        }
        var span = bytes.AsSpan();
        switch (kind)
        {
            case ScalarType.Float32:
            {
                var values = new float[numel];
                for (long i = 0; i < numel; i++)
                {
                    var s = span.Slice((int)(index[i] * size), size);
                    values[i] = t.Storage.StorageType switch
                    {
                        "FloatStorage" => BitConverter.ToSingle(s),
                        "DoubleStorage" => (float)BitConverter.ToDouble(s),
                        "HalfStorage" => (float)BitConverter.ToHalf(s),
                        _ => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(s) << 16), // bfloat16: the high half of a float32
                    };
                }
                return torch.tensor(values, t.Size);
            }
            case ScalarType.Int64:
            {
                var values = new long[numel];
                for (long i = 0; i < numel; i++)
                {
                    var s = span.Slice((int)(index[i] * size), size);
                    values[i] = t.Storage.StorageType switch
                    {
                        "LongStorage" => BitConverter.ToInt64(s),
                        "IntStorage" => BitConverter.ToInt32(s),
                        "ShortStorage" => BitConverter.ToInt16(s),
                        "CharStorage" => (sbyte)s[0],
                        _ => s[0],
                    };
                }
                return torch.tensor(values, t.Size);
            }
            default:
            {
                var values = new bool[numel];
                for (long i = 0; i < numel; i++) values[i] = span[(int)index[i]] != 0;
                return torch.tensor(values, t.Size);
            }
        }
    }
}
