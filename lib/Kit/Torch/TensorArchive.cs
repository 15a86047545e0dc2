using System.Runtime.InteropServices;
using System.Text;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// Named tensors plus a JSON string in one file, in the format of Python's torch.save (a pickled dict in a zip
/// archive), so <c>torch.load(path)</c> in Python opens every checkpoint the kit writes. Writes are atomic: the bytes
/// go to a temporary file in the same folder, which is then renamed over the target, so an interrupted save never
/// leaves a truncated checkpoint behind.
/// </summary>
public static class TensorArchive
{
    /// <summary>Serialises to bytes (tensors are copied to CPU).</summary>
    public static byte[] ToBytes(IEnumerable<KeyValuePair<string, Tensor>> tensors, string? meta = null)
    {
        var list = tensors.ToList();
        var names = new IntPtr[list.Count];
        var handles = new IntPtr[list.Count];
        var metaPtr = meta == null ? IntPtr.Zero : Marshal.StringToCoTaskMemUTF8(meta);
        try
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Key == "__meta__") throw new ArgumentException("'__meta__' is reserved for the archive's JSON");
                names[i] = Marshal.StringToCoTaskMemUTF8(list[i].Key);
                handles[i] = list[i].Value.Handle;
            }
            TorchException.Check(kit_archive_save(names, handles, list.Count, metaPtr, out var buffer, out var length), "TensorArchive.Save");
            try
            {
                var bytes = new byte[length];
                Marshal.Copy(buffer, bytes, 0, checked((int)length));
                return bytes;
            }
            finally
            {
                kit_buffer_free(buffer);
            }
        }
        finally
        {
            foreach (var n in names) if (n != IntPtr.Zero) Marshal.FreeCoTaskMem(n);
            if (metaPtr != IntPtr.Zero) Marshal.FreeCoTaskMem(metaPtr);
        }
    }

    /// <summary>Writes the archive atomically (temp file + rename).</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, string? meta = null) =>
        AtomicFile.WriteAllBytes(path, ToBytes(tensors, meta));

    /// <summary>Reads an archive written by the kit or by Python's torch.save of a dict of tensors.</summary>
    public static unsafe LoadedArchive Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"tensor archive '{path}' does not exist", path);
        var bytes = File.ReadAllBytes(path);
        IntPtr a;
        fixed (byte* p = bytes) a = kit_archive_load(p, bytes.LongLength);
        if (a == IntPtr.Zero)
        {
            var inner = TorchException.FromNative("TensorArchive.Load");
            throw new InvalidDataException($"'{path}' is not a readable tensor archive: {inner.Message}", inner);
        }
        try
        {
            var tensors = new Dictionary<string, Tensor>();
            var n = kit_archive_count(a);
            for (var i = 0; i < n; i++)
            {
                var name = Marshal.PtrToStringUTF8(kit_archive_name(a, i))!;
                tensors[name] = new Tensor(TorchException.Check(kit_archive_tensor(a, i), "TensorArchive.Load"), attachToScope: false);
            }
            var meta = Marshal.PtrToStringUTF8(kit_archive_meta(a));
            return new LoadedArchive(tensors, string.IsNullOrEmpty(meta) ? null : meta);
        }
        finally
        {
            kit_archive_free(a);
        }
    }
}

/// <summary>The tensors and JSON of a loaded archive; disposing frees the tensors.</summary>
public sealed class LoadedArchive(Dictionary<string, Tensor> tensors, string? meta) : IDisposable
{
    public IReadOnlyDictionary<string, Tensor> Tensors => tensors;
    public string? Meta => meta;

    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
    }
}

/// <summary>Atomic file writes: write a sibling temp file, flush it to disk, then rename it over the target.</summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
}
