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

    /// <summary>Writes <paramref name="t"/> (any device) to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static unsafe void Save(string path, Tensor t)
    {
        var descr = Descr(t.dtype);
        var shape = t.shape;
        var shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        var total = Magic.Length + 2 + 2 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        var data = new byte[t.numel() * t.element_size()];
        using (var c = t.contiguous())
            fixed (byte* p = data)
                TorchException.Check(NativeMethods.kit_copy_out(c.Handle, p, data.Length), "npy save");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp" + Environment.ProcessId + "_" + Environment.CurrentManagedThreadId;
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(Magic);
            fs.WriteByte(1);
            fs.WriteByte(0);
            var hb = Encoding.ASCII.GetBytes(header);
            fs.WriteByte((byte)(hb.Length & 0xff));
            fs.WriteByte((byte)(hb.Length >> 8));
            fs.Write(hb);
            fs.Write(data);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a .npy file written by <see cref="Save"/> or by numpy (C order, little-endian).</summary>
    public static unsafe Tensor Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException($"npy '{path}': not a .npy file (bad magic)");
        int major = bytes[6], headerLen, offset;
        if (major == 1) { headerLen = bytes[8] | (bytes[9] << 8); offset = 10; }
        else if (major is 2 or 3) { headerLen = BitConverter.ToInt32(bytes, 8); offset = 12; }
        else throw new InvalidDataException($"npy '{path}': format version {major} is not supported");
        var header = Encoding.ASCII.GetString(bytes, offset, headerLen);
        var descr = DescrRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !shapeMatch.Success) throw new InvalidDataException($"npy '{path}': cannot parse header {header.Trim()}");
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException($"npy '{path}': Fortran-order arrays are not supported");
        var dtype = FromDescr(descr.Groups[1].Value, path);
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var start = offset + headerLen;
        var need = count * dtype.ElementSize();
        if (bytes.Length - start != need) throw new InvalidDataException($"npy '{path}': expected {need} data bytes for shape {Tensor.ShapeString(shape)}, found {bytes.Length - start} (truncated?)");
        fixed (byte* p = bytes)
            return Tensor.Wrap(NativeMethods.kit_from_data(p + start, shape, shape.Length, (int)dtype, (int)DeviceType.CPU, 0, 0), "npy load");
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
