using System.Text.Json.Nodes;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>The kernel_info_reply content: who the kernel is and what language it runs.</summary>
internal static class KernelInfo
{
    public static string Version => typeof(KernelInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static JsonObject Content() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = MessageFactory.ProtocolVersion,
        ["implementation"] = "kit-csharp",
        ["implementation_version"] = Version,
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = $"kit C# kernel {Version} (Roslyn scripting on .NET {Environment.Version})",
        ["help_links"] = new JsonArray(),
    };
}
