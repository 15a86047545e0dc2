using System.Net;
using System.Text;

namespace Kit.Display;

/// <summary>Renders a <see cref="Table"/> as a self-contained HTML table.</summary>
internal static class TableHtml
{
    public static string Render(Table table)
    {
        var html = new StringBuilder("<table class=\"kit-table\" style=\"border-collapse:collapse\">");
        if (table.Title is not null)
            html.Append("<caption style=\"font-weight:bold;text-align:left\">").Append(WebUtility.HtmlEncode(table.Title)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var column in table.Columns)
            html.Append("<th style=\"text-align:left;border-bottom:1px solid #999;padding:2px 8px\">")
                .Append(WebUtility.HtmlEncode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var value in row)
            {
                var align = CellText.IsNumeric(value) ? "right" : "left";
                html.Append("<td style=\"text-align:").Append(align).Append(";padding:2px 8px\">")
                    .Append(WebUtility.HtmlEncode(CellText.Readable(value))).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
