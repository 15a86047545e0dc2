using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Tests.Protocol;

public sealed class WireFormatTests
{
    private static readonly WireFormat Wire = new(new MessageSigner("secret"));

    private static List<byte[]> Frames(string key, string header = """{"msg_id":"1","msg_type":"kernel_info_request"}""")
    {
        var parts = new[] { header, "{}", "{}", "{}" }.Select(Encoding.UTF8.GetBytes).ToArray();
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key));
        foreach (var p in parts) hmac.AppendData(p);
        return [Encoding.UTF8.GetBytes("client"), Encoding.UTF8.GetBytes("<IDS|MSG>"),
                Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hmac.GetHashAndReset())), .. parts];
    }

    [Fact]
    public void SignatureIsCheckedOverTheReceivedBytes()
    {
        // Unusual spacing: re-serialising the JSON would change the bytes and break the signature.
        var message = Wire.Decode(Frames("secret", """{ "msg_id" : "1", "msg_type":"kernel_info_request" }"""));
        Assert.Equal("kernel_info_request", message.MsgType);
        Assert.Equal("client", Encoding.UTF8.GetString(message.Identities[0]));
    }

    [Fact]
    public void BadSignaturesAreRejected() =>
        Assert.Throws<InvalidDataException>(() => Wire.Decode(Frames("wrong key")));

    [Fact]
    public void EncodedMessagesVerifyAndHeadersHaveSixFractionalDigits()
    {
        var factory = new MessageFactory();
        var reply = factory.Create("status", new JsonObject { ["execution_state"] = "idle" }, null, [Encoding.UTF8.GetBytes("id")]);
        var frames = Wire.Encode(reply);
        var decoded = Wire.Decode(frames);
        Assert.Equal("5.3", decoded.Header["version"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", decoded.Header["date"]!.GetValue<string>());
        Assert.NotEqual(decoded.MsgId, factory.Create("status", new JsonObject(), null).Header["msg_id"]!.GetValue<string>());
    }
}
