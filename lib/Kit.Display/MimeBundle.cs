using System.Text.Json.Nodes;

namespace Kit.Display;

/// <summary>
/// One value rendered for several MIME types, as Jupyter's display_data carries it. Text types hold strings; JSON types
/// (such as <c>application/vnd.plotly.v1+json</c>) hold a <see cref="JsonNode"/>. A bundle always has <c>text/plain</c>.
/// </summary>
public sealed class MimeBundle
{
    /// <summary>The MIME type every bundle carries so that any front end can show something.</summary>
    public const string PlainText = "text/plain";

    /// <summary>HTML rendering, shown by classic Notebook, nbconvert HTML, JupyterLab and VS Code.</summary>
    public const string Html = "text/html";

    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);

    /// <summary>Starts a bundle from its plain-text form.</summary>
    public MimeBundle(string plainText) => _data[PlainText] = plainText;

    /// <summary>MIME type to value: a <see cref="string"/> or a <see cref="JsonNode"/>.</summary>
    public IReadOnlyDictionary<string, object> Data => _data;

    /// <summary>The plain-text alternative.</summary>
    public string Text => (string)_data[PlainText];

    /// <summary>Adds or replaces a textual rendering.</summary>
    public MimeBundle With(string mimeType, string value)
    {
        _data[mimeType] = value;
        return this;
    }

    /// <summary>Adds or replaces a JSON rendering (kept as a JSON object, not a string, as the protocol wants).</summary>
    public MimeBundle With(string mimeType, JsonNode value)
    {
        _data[mimeType] = value;
        return this;
    }

    /// <summary>Writes the bundle as the "data" object of a display_data or execute_result message.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (mime, value) in _data)
            json[mime] = value is JsonNode node ? node.DeepClone() : JsonValue.Create((string)value);
        return json;
    }
}
