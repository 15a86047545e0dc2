using System.Globalization;
using System.Text.Json.Nodes;

namespace Kit.Kernel.Protocol;

/// <summary>Creates outgoing messages: a fresh msg_id each, one session id per process, protocol 5.3 headers.</summary>
internal sealed class MessageFactory
{
    public const string ProtocolVersion = "5.3";

    public string Session { get; } = Guid.NewGuid().ToString();

    /// <summary>A message of <paramref name="msgType"/> replying to (or caused by) <paramref name="parent"/>.</summary>
    public JupyterMessage Create(string msgType, JsonObject content, JupyterMessage? parent, IReadOnlyList<byte[]>? identities = null, JsonObject? metadata = null) =>
        new(identities ?? [], Header(msgType), parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
            metadata ?? new JsonObject(), content, []);

    private JsonObject Header(string msgType) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString(),
        ["session"] = Session,
        ["username"] = "kernel",
        // At most 6 fractional digits: jupyter_client's date parser rejects .NET's 7-digit "o" format.
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };
}
