using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kit.Kernel.Protocol;

/// <summary>The connection file Jupyter writes for a kernel: where to bind and how to sign.</summary>
internal sealed record ConnectionInfo
{
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";

    public static ConnectionInfo Load(string path)
    {
        var info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path))
                   ?? throw new InvalidDataException($"Empty connection file {path}.");
        if (info.SignatureScheme != "hmac-sha256")
            throw new NotSupportedException($"Signature scheme '{info.SignatureScheme}' is not supported (only hmac-sha256).");
        if (info.Transport is not ("tcp" or "ipc"))
            throw new NotSupportedException($"Transport '{info.Transport}' is not supported.");
        return info;
    }

    /// <summary>The endpoint for a port: only the ip named in the connection file is bound.</summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"tcp://{Ip}:{port}";
}
