using System.Text.RegularExpressions;
using Kit.Display;
using Microsoft.Data.Analysis;

namespace Kit.Display.Tests;

public sealed class DataFrameHtmlTests
{
    private static DataFrame Frame(int rows) => new(
        new Int64DataFrameColumn("seed", Enumerable.Range(0, rows).Select(i => (long?)i)),
        new DoubleDataFrameColumn("value", Enumerable.Range(0, rows).Select(i => i == 1 ? (double?)null : i / 3.0)),
        new StringDataFrameColumn("setting", Enumerable.Range(0, rows).Select(i => i == 0 ? "<b>90%</b>" : $"row {i}")));

    [Fact]
    public void DisplayingADataFrameGivesAPagedHtmlTableAndATextHead()
    {
        var bundle = MimeFormatter.Format(Frame(60));
        var html = (string)bundle.Data[MimeBundle.Html];
        Assert.Equal(60, Regex.Matches(html, "<tr data-page=").Count);
        Assert.Equal(25, Regex.Matches(html, "<tr data-page=\"0\">").Count);            // page 1 visible
        Assert.Equal(25, Regex.Matches(html, "<tr data-page=\"1\" style=\"display:none\">").Count);
        Assert.Equal(10, Regex.Matches(html, "<tr data-page=\"2\" style=\"display:none\">").Count);
        Assert.Contains("page 1 of 3", html);
        Assert.Contains("<script>", html);
        Assert.Contains("title=\"Double\">value</th>", html);
        Assert.Contains("&lt;b&gt;90%&lt;/b&gt;", html);                                  // cells are escaped
        Assert.Contains("<span style=\"color:#999\">null</span>", html);
        Assert.Contains(">0.666667</td>", html);                                         // 2/3 at 6 digits
        Assert.DoesNotContain("http", html);                                                // nothing loaded from outside
        Assert.StartsWith("DataFrame: 60 rows x 3 columns", bundle.Text);
        Assert.Contains("50 more rows", bundle.Text);
    }

    [Fact]
    public void OnePageNeedsNoScriptAndHugeFramesAreCapped()
    {
        var small = DataFrameHtml.Render(Frame(5));
        Assert.DoesNotContain("<script>", small);
        Assert.Contains("5 rows x 3 columns", small);
        var big = DataFrameHtml.Render(Frame(3000));
        Assert.Equal(DataFrameHtml.MaxRows, Regex.Matches(big, "<tr data-page=").Count);
        Assert.Contains($"the first {DataFrameHtml.MaxRows} of 3000 are included", big);
        Assert.Contains($"page 1 of {DataFrameHtml.MaxRows / DataFrameHtml.PageSize}", big);
    }
}
