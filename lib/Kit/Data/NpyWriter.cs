using Kit.Torch;
using Kit.Torch.Native;

namespace Kit.Data;

/// <summary>
/// A .npy file written row block by row block: the header carries the final shape up front, each
/// <see cref="Append"/> adds rows of the first dimension, and <see cref="Complete"/> checks every row arrived and
/// renames the temporary file into place. Disposing an incomplete writer deletes the temporary file, so a reader never
/// sees half an array. Sizes are 64-bit: arrays far past 2 GB (a long video's flow) stream through bounded memory.
/// <code>
/// using var w = new NpyWriter("flow.npy", ScalarType.Float32, [pairs, 2, h, w]);
/// foreach (var chunk in chunks) w.Append(chunk);   // (n, 2, h, w) each
/// w.Complete();
/// </code>
/// </summary>
public sealed class NpyWriter : IDisposable
{
    /// <summary>Bytes copied out of a tensor at once (bounds the managed buffer).</summary>
    public const int ChunkBytes = 64 << 20;

    private readonly FileStream stream;
    private readonly string temp;
    private readonly long[] rowShape;
    private readonly long rowBytes;
    private byte[]? buffer;
    private bool completed;

    /// <param name="shape">the whole array's shape; its first dimension is the number of rows the appends must add up to.</param>
    public NpyWriter(string path, ScalarType dtype, long[] shape)
    {
        Path = path;
        DType = dtype;
        Shape = shape.ToArray();
        if (shape.Any(d => d < 0)) throw new ArgumentException($"npy '{path}': negative dimension in shape {Tensor.ShapeString(shape)}");
        rowShape = shape.Length == 0 ? [] : shape[1..];
        rowBytes = rowShape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize();
        var header = Npy.HeaderBytes(dtype, Shape);
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        temp = path + ".tmp" + Environment.ProcessId + "_" + Environment.CurrentManagedThreadId;
        stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(header);
    }

    public string Path { get; }
    public ScalarType DType { get; }
    public long[] Shape { get; }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Appends rows: <paramref name="rows"/> is (n, ...rest of the shape), any device, any layout.</summary>
    public unsafe void Append(Tensor rows)
    {
        if (completed) throw new InvalidOperationException($"npy '{Path}': already complete");
        if (Shape.Length == 0) throw new InvalidOperationException($"npy '{Path}': a 0-d array has no rows; use AppendAll");
        if (rows.dtype != DType) throw new ArgumentException($"npy '{Path}': rows are {rows.dtype}, the file holds {DType}");
        if (rows.ndim != Shape.Length || !rows.shape[1..].SequenceEqual(rowShape))
            throw new ArgumentException($"npy '{Path}': rows of shape {Tensor.ShapeString(rows.shape)} do not fit an array of shape {Tensor.ShapeString(Shape)}");
        var n = rows.size(0);
        if (Rows + n > Shape[0]) throw new ArgumentException($"npy '{Path}': {Rows} + {n} rows exceed the {Shape[0]} the header promises");
        var perChunk = Math.Max(1, ChunkBytes / Math.Max(1, rowBytes));
        for (long r = 0; r < n; r += perChunk)
        {
            var k = Math.Min(perChunk, n - r);
            using var part = k == n ? null : rows.narrow(0, r, k);
            Write(part ?? rows, k * rowBytes);
        }
        Rows += n;
    }

    /// <summary>Writes a whole array at once (0-d arrays, empty ones).</summary>
    public void AppendAll(Tensor t)
    {
        if (!t.shape.SequenceEqual(Shape)) throw new ArgumentException($"npy '{Path}': shape {Tensor.ShapeString(t.shape)} is not {Tensor.ShapeString(Shape)}");
        Write(t, t.numel() * t.element_size());
        Rows = Shape.Length == 0 ? 1 : Shape[0];
    }

    private unsafe void Write(Tensor t, long bytes)
    {
        if (bytes == 0) return;
        var size = checked((int)bytes);
        if (buffer is null || buffer.Length < size) buffer = new byte[size];
        fixed (byte* p = buffer)
            TorchException.Check(NativeMethods.kit_copy_out(t.Handle, p, size), "npy save");
        stream.Write(buffer, 0, size);
    }

    /// <summary>Checks every promised row was written, flushes, and moves the file into place.</summary>
    public void Complete()
    {
        var expected = Shape.Length == 0 ? 1 : Shape[0];
        if (Rows != expected) throw new InvalidOperationException($"npy '{Path}': {Rows} of {expected} rows written");
        stream.Flush(flushToDisk: false);
        stream.Dispose();
        File.Move(temp, Path, overwrite: true);
        completed = true;
    }

    public void Dispose()
    {
        stream.Dispose();
        if (!completed && File.Exists(temp)) File.Delete(temp);
    }
}
