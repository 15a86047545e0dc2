using System.Text;
using System.Text.RegularExpressions;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>NumPy .npy files (format 1.0/2.0, little-endian, C order) to and from tensors, so the kit's targets and
/// masks can be checked against an independent implementation.</summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes a CPU copy of the tensor (float32, float64, int64, int32, uint8 or bool).</summary>
    public static void Save(string path, Tensor t)
    {
        using var scope = NewDisposeScope();
        var c = t.cpu().contiguous();
        var (descr, size) = c.dtype switch
        {
            ScalarType.Float32 => ("<f4", 4),
            ScalarType.Float64 => ("<f8", 8),
            ScalarType.Int64 => ("<i8", 8),
            ScalarType.Int32 => ("<i4", 4),
            ScalarType.Byte => ("|u1", 1),
            ScalarType.Bool => ("|b1", 1),
            _ => throw new ArgumentException($"npy: cannot write dtype {c.dtype}"),
        };
        var shape = c.shape.Length == 1 ? $"({c.shape[0]},)" : "(" + string.Join(", ", c.shape) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var total = Magic.Length + 2 + 2 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var f = File.Create(path);
        f.Write(Magic);
        f.Write([1, 0]);
        f.Write(BitConverter.GetBytes((ushort)header.Length));
        f.Write(Encoding.ASCII.GetBytes(header));
        f.Write(Bytes(c, size));
    }

    private static byte[] Bytes(Tensor c, int size) => c.dtype switch
    {
        ScalarType.Float32 => ToBytes(c.ToArray<float>()),
        ScalarType.Float64 => ToBytes(c.ToArray<double>()),
        ScalarType.Int64 => ToBytes(c.ToArray<long>()),
        ScalarType.Int32 => ToBytes(c.ToArray<int>()),
        ScalarType.Byte => c.ToArray<byte>(),
        ScalarType.Bool => c.ToArray<bool>().Select(b => b ? (byte)1 : (byte)0).ToArray(),
        _ => throw new ArgumentException($"npy: cannot write dtype {c.dtype} ({size} bytes)"),
    };

    private static byte[] ToBytes<T>(T[] a) where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).ToArray();

    /// <summary>Reads an .npy file into a CPU tensor of its dtype (float32, float64, int64, int32, uint8, bool).</summary>
    public static Tensor Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"npy file not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException($"{path} is not an .npy file");
        var major = bytes[6];
        int headerLen, start;
        if (major == 1) { headerLen = BitConverter.ToUInt16(bytes, 8); start = 10; }
        else { headerLen = (int)BitConverter.ToUInt32(bytes, 8); start = 12; }
        var header = Encoding.ASCII.GetString(bytes, start, headerLen);
        var descr = DescrRe().Match(header) is { Success: true } d ? d.Groups[1].Value : throw new InvalidDataException($"{path}: no dtype in header {header}");
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException($"{path}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        var shapeText = ShapeRe().Match(header) is { Success: true } s ? s.Groups[1].Value : throw new InvalidDataException($"{path}: no shape in header {header}");
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        var data = bytes.AsSpan(start + headerLen);
        return descr switch
        {
            "<f4" => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).ToArray(), shape),
            "<f8" => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(data).ToArray(), shape),
            "<i8" => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(data).ToArray(), shape),
            "<i4" => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data).ToArray(), shape),
            "|u1" => tensor(data.ToArray(), shape),
            "|b1" => tensor(data.ToArray().Select(b => b != 0).ToArray(), shape),
            _ => throw new InvalidDataException($"{path}: dtype {descr} is not supported (float32, float64, int64, int32, uint8, bool)"),
        };
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrRe();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeRe();
}
