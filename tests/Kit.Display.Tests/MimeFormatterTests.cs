using System.Text.Json.Nodes;
using Kit.Display;

namespace Kit.Display.Tests;

public sealed class MimeFormatterTests
{
    private sealed record Point(int X, int Y);

    [Fact]
    public void ScalarsAreInvariantPlainText()
    {
        var bundle = MimeFormatter.Format(1.5);
        Assert.Equal("1.5", bundle.Text);
        Assert.Single(bundle.Data);
    }

    [Fact]
    public void ObjectsGetHtmlFromTheFormatterAndAPlainAlternative()
    {
        var bundle = MimeFormatter.Format(new Point(3, 4));
        Assert.Contains("<table", (string)bundle.Data[MimeBundle.Html]);
        Assert.Contains("3", bundle.Text);
    }

    [Fact]
    public void RequestedMimeTypesRestrictTheBundleButKeepPlainText()
    {
        var bundle = MimeFormatter.Format(new Table("a").AddRow(1), MimeBundle.PlainText);
        Assert.Equal([MimeBundle.PlainText], bundle.Data.Keys);
    }

    [Fact]
    public void JsonRenderingsStayJsonObjects()
    {
        var json = new MimeBundle("x").With("application/json", new JsonObject { ["a"] = 1 }).ToJson();
        Assert.Equal(1, json["application/json"]!["a"]!.GetValue<int>());
        Assert.Equal("x", json["text/plain"]!.GetValue<string>());
    }
}
