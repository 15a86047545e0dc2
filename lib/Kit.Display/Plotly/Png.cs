using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Kit.Display.Plotly;

/// <summary>
/// Encodes a grey-scale frame as an 8-bit PNG. Image traces carry their pixels as a PNG data URI (Plotly's
/// <c>source</c>) rather than as nested JSON arrays of RGB triples: a saved notebook writes every number of a JSON
/// mime bundle on its own indented line, and the tour's frame grids took 13 MB that way.
/// </summary>
internal static class Png
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>The PNG file of <paramref name="frame"/> (H, W), values 0..1 clamped, non-finite as black.</summary>
    public static byte[] Grey(float[,] frame)
    {
        int height = frame.GetLength(0), width = frame.GetLength(1);
        var raw = new byte[height * (width + 1)];
        for (var r = 0; r < height; r++)
        {
            raw[r * (width + 1)] = 0; // filter: none
            for (var c = 0; c < width; c++)
            {
                var v = frame[r, c];
                raw[r * (width + 1) + 1 + c] = float.IsFinite(v) ? (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f) : (byte)0;
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bits per sample
        header[9] = 0;  // colour type: grey
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The frame as a <c>data:image/png;base64,...</c> URI.</summary>
    public static string GreyDataUri(float[,] frame) => "data:image/png;base64," + Convert.ToBase64String(Grey(frame));

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(typeBytes, data));
        png.Write(word);
    }

    private static uint Crc(byte[] type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
