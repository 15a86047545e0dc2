using Kit.Display;

namespace Kit.Display.Tests;

public sealed class TableTests
{
    private sealed record Row(string Name, double Top1);

    [Fact]
    public void CsvQuotesAndKeepsFullPrecision()
    {
        var table = new Table("name", "value").AddRow("a,b", 0.1 + 0.2).AddRow("say \"hi\"", null);
        Assert.Equal("name,value\r\n\"a,b\",0.30000000000000004\r\n\"say \"\"hi\"\"\",\r\n", table.ToCsv());
    }

    [Fact]
    public void HtmlEscapesAndRightAlignsNumbers()
    {
        var html = new Table("<col>") { Title = "T&T" }.AddRow(1.5).ToHtml();
        Assert.Contains("&lt;col&gt;", html);
        Assert.Contains("T&amp;T", html);
        Assert.Contains("text-align:right;padding:2px 8px\">1.5</td>", html);
    }

    [Fact]
    public void TextAlignsColumns()
    {
        var text = new Table("mask", "top1").AddRow("tube", 61.25).AddRow("random", 8.0).ToString();
        Assert.Equal("mask    top1\n------  -----\ntube    61.25\nrandom      8", text.Replace("\r", ""));
    }

    [Fact]
    public void FromRecordsUsesPropertiesAsColumns()
    {
        var table = Table.From([new Row("tube", 61.2)]);
        Assert.Equal(["Name", "Top1"], table.Columns);
        Assert.Equal([61.2], table.Column("Top1"));
    }

    [Fact]
    public void RowsMustMatchTheColumns()
    {
        Assert.Throws<ArgumentException>(() => new Table("a", "b").AddRow(1));
        Assert.Throws<ArgumentException>(() => new Table("a", "a"));
    }
}
