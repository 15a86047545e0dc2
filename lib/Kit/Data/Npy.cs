using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kit.Torch;
using Kit.Torch.Native;

namespace Kit.Data;

/// <summary>
/// NumPy .npy files (format 1.0, little-endian, C order) for bool, uint8, int32, int64, float16, float32 and float64 tensors:
/// `./kit flow --out` writes them and numpy.load reads them; the flow cache stores its entries in them.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static string Descr(ScalarType t) => t switch
    {
        ScalarType.Bool => "|b1",
        ScalarType.Byte => "|u1",
        ScalarType.Int32 => "<i4",
        ScalarType.Int64 => "<i8",
        ScalarType.Float16 => "<f2",
        ScalarType.Float32 => "<f4",
        ScalarType.Float64 => "<f8",
        _ => throw new ArgumentException($"npy: dtype {t.Name()} is not supported (bool, uint8, int32, int64, float16, float32, float64)"),
    };

    private static ScalarType FromDescr(string d, string path) => d switch
    {
        "|b1" => ScalarType.Bool,
        "|u1" or "<u1" => ScalarType.Byte,
        "<i4" => ScalarType.Int32,
        "<i8" => ScalarType.Int64,
        "<f2" => ScalarType.Float16,
        "<f4" => ScalarType.Float32,
        "<f8" => ScalarType.Float64,
        _ => throw new InvalidDataException($"npy '{path}': dtype '{d}' is not supported (|b1, |u1, <i4, <i8, <f2, <f4, <f8)"),
    };

    /// <summary>The header bytes (magic, version 1.0, dict padded to 64 bytes) for an array of this dtype and shape.</summary>
    public static byte[] HeaderBytes(ScalarType dtype, long[] shape)
    {
        var shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        var header = $"{{'descr': '{Descr(dtype)}', 'fortran_order': False, 'shape': {shapeText}, }}";
        var total = Magic.Length + 2 + 2 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        var hb = Encoding.ASCII.GetBytes(header);
        if (hb.Length > ushort.MaxValue) throw new ArgumentException($"npy: a {shape.Length}-d header is too long for format 1.0");
        var bytes = new byte[Magic.Length + 4 + hb.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte)(hb.Length & 0xff);
        bytes[9] = (byte)(hb.Length >> 8);
        hb.CopyTo(bytes, 10);
        return bytes;
    }

    /// <summary>Writes <paramref name="t"/> (any device, any size: rows are copied out a chunk at a time) to
    /// <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Save(string path, Tensor t)
    {
        var shape = t.shape;
        using var writer = new NpyWriter(path, t.dtype, shape);
        if (shape.Length == 0 || t.numel() == 0)
        {
            writer.AppendAll(t);
        }
        else
        {
            var rowBytes = Math.Max(1, t.numel() / shape[0] * t.element_size());
            var rowsPerChunk = Math.Max(1, NpyWriter.ChunkBytes / rowBytes);
            for (long r = 0; r < shape[0]; r += rowsPerChunk)
            {
                using var rows = t.narrow(0, r, Math.Min(rowsPerChunk, shape[0] - r));
                writer.Append(rows);
            }
        }
        writer.Complete();
    }

    /// <summary>Reads a .npy file written by <see cref="Save"/> or by numpy (C order, little-endian).</summary>
    public static Tensor Load(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        var h = ReadHeader(fs, path);
        return ReadRows(fs, h, 0, h.Shape.Length == 0 ? 1 : h.Shape[0], path);
    }

    /// <summary>Rows [start, start + count) of the first dimension, reading only those bytes from disk (a long video's
    /// cached flow is read one clip at a time).</summary>
    public static Tensor LoadRows(string path, long start, long count)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        var h = ReadHeader(fs, path);
        if (h.Shape.Length == 0) throw new ArgumentException($"npy '{path}': a 0-d array has no rows");
        if (start < 0 || count < 1 || start + count > h.Shape[0])
            throw new ArgumentOutOfRangeException(nameof(start), $"npy '{path}': rows [{start}, {start + count}) are outside 0..{h.Shape[0]}");
        return ReadRows(fs, h, start, count, path);
    }

    /// <summary>The first dimension's size, from the header alone.</summary>
    public static long Rows(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        var h = ReadHeader(fs, path);
        return h.Shape.Length == 0 ? 1 : h.Shape[0];
    }

    private sealed record Header(ScalarType DType, long[] Shape, long DataOffset);

    /// <summary>dtype and shape from the header alone.</summary>
    public static (ScalarType DType, long[] Shape) Describe(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        var h = ReadHeader(fs, path);
        return (h.DType, h.Shape);
    }

    private static Header ReadHeader(FileStream fs, string path)
    {
        try { return ParseHeader(fs, path); }
        catch (EndOfStreamException) { throw new InvalidDataException($"npy '{path}': the file ends inside its header ({fs.Length} bytes): it is truncated or not a .npy file"); }
    }

    private static Header ParseHeader(FileStream fs, string path)
    {
        var pre = new byte[12];
        if (fs.Length < 10) throw new EndOfStreamException();
        fs.ReadExactly(pre, 0, 10);
        if (!pre.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException($"npy '{path}': not a .npy file (it does not start with the .npy magic bytes)");
        int major = pre[6], headerLen, offset;
        if (major == 1) { headerLen = pre[8] | (pre[9] << 8); offset = 10; }
        else if (major is 2 or 3)
        {
            fs.ReadExactly(pre, 10, 2);
            headerLen = BitConverter.ToInt32(pre, 8);
            offset = 12;
        }
        else throw new InvalidDataException($"npy '{path}': format version {major} is not supported");
        var hb = new byte[headerLen];
        fs.ReadExactly(hb);
        var header = Encoding.ASCII.GetString(hb);
        var descr = DescrRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !shapeMatch.Success) throw new InvalidDataException($"npy '{path}': cannot parse header {header.Trim()}");
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException($"npy '{path}': Fortran-order arrays are not supported");
        var dtype = FromDescr(descr.Groups[1].Value, path);
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var h = new Header(dtype, shape, offset + headerLen);
        var need = shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize();
        if (fs.Length - h.DataOffset != need)
            throw new InvalidDataException($"npy '{path}': its header promises {need} data bytes for shape {Tensor.ShapeString(shape)}, the file holds {fs.Length - h.DataOffset}"
                + (fs.Length - h.DataOffset < need ? " (the file is truncated: was it still being written, or cut?)" : ""));
        return h;
    }

    private static unsafe Tensor ReadRows(FileStream fs, Header h, long start, long count, string path)
    {
        var rowShape = h.Shape.Length == 0 ? [] : h.Shape[1..];
        var rowBytes = rowShape.Aggregate(1L, (a, b) => a * b) * h.DType.ElementSize();
        var shape = h.Shape.Length == 0 ? h.Shape : [count, .. rowShape];
        // Straight into the tensor's memory, a chunk at a time: no managed array (whose 2 GB limit a long video's flow passes).
        var t = torch.empty(shape, h.DType);
        try
        {
            var total = rowBytes * count;
            var p = (byte*)NativeMethods.kit_tensor_data_ptr(t.Handle);
            if (total > 0 && p == null) throw new InvalidOperationException($"npy '{path}': no memory for {total} bytes");
            fs.Seek(h.DataOffset + start * rowBytes, SeekOrigin.Begin);
            for (long done = 0; done < total;)
            {
                var n = (int)Math.Min(NpyWriter.ChunkBytes, total - done);
                fs.ReadExactly(new Span<byte>(p + done, n));
                done += n;
            }
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
