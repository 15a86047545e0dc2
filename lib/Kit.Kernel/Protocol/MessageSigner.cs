using System.Security.Cryptography;
using System.Text;

namespace Kit.Kernel.Protocol;

/// <summary>
/// HMAC-SHA256 over the header, parent header, metadata and content frames exactly as they are on the wire, lowercase
/// hex. An empty key means unsigned messages (empty signature).
/// </summary>
internal sealed class MessageSigner(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public bool Enabled => _key.Length > 0;

    public string Sign(ReadOnlySpan<byte[]> frames)
    {
        if (!Enabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var frame in frames) hmac.AppendData(frame);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Constant-time check of a received signature against the received frames.</summary>
    public bool Verify(string signature, ReadOnlySpan<byte[]> frames)
    {
        if (!Enabled) return true;
        var expected = Encoding.ASCII.GetBytes(Sign(frames));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
