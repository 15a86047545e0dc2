using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Kernel.Protocol;

/// <summary>
/// The wire layout [identities..., "&lt;IDS|MSG&gt;", hmac, header, parent_header, metadata, content, buffers...].
/// Signatures are checked over the received bytes, never over re-serialised JSON.
/// </summary>
internal sealed class WireFormat(MessageSigner signer)
{
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    /// <summary>Decodes <paramref name="frames"/>; throws <see cref="InvalidDataException"/> for malformed or badly signed messages.</summary>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0 || frames.Count < delimiter + 6)
            throw new InvalidDataException("Malformed message: no <IDS|MSG> delimiter or too few frames.");
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        var parts = frames.Skip(delimiter + 2).Take(4).ToArray();
        if (!signer.Verify(signature, parts))
            throw new InvalidDataException("Invalid HMAC signature.");
        return new JupyterMessage(
            frames.Take(delimiter).ToArray(),
            ParseObject(parts[0]), ParseObject(parts[1]), ParseObject(parts[2]), ParseObject(parts[3]),
            frames.Skip(delimiter + 6).ToArray());
    }

    /// <summary>Encodes and signs a message for sending.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        var parts = new[] { message.Header, message.ParentHeader, message.Metadata, message.Content }
            .Select(p => Encoding.UTF8.GetBytes(p.ToJsonString())).ToArray();
        var frames = new List<byte[]>(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    private static JsonObject ParseObject(byte[] json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("Message part is not a JSON object.");
}
