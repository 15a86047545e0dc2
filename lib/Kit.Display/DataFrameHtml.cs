using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace Kit.Display;

/// <summary>
/// A <see cref="DataFrame"/> as a notebook output: a paged HTML table (page 1 is plain HTML, so exported and
/// untrusted notebooks still show it; a few lines of inline script page through the rest, with no external resources)
/// and a plain-text head. Column headers carry their types. At most <see cref="MaxRows"/> rows are embedded, so a
/// million-row frame does not become a million-row output; the footer says how many were left out.
/// </summary>
public static class DataFrameHtml
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 25;

    /// <summary>Rows embedded in the output at most.</summary>
    public const int MaxRows = 2500;

    /// <summary>Rows in the plain-text rendering.</summary>
    public const int TextRows = 10;

    /// <summary>The HTML and plain-text renderings of a frame.</summary>
    public static MimeBundle ToMimeBundle(DataFrame frame) =>
        new MimeBundle(Text(frame)).With(MimeBundle.Html, Render(frame));

    /// <summary>The plain-text head: size line, then the first <see cref="TextRows"/> rows.</summary>
    public static string Text(DataFrame frame)
    {
        var head = frame.Rows.Count > TextRows ? frame.Head(TextRows) : frame;
        var more = frame.Rows.Count > TextRows ? $"... {frame.Rows.Count - TextRows} more rows\n" : "";
        return $"DataFrame: {frame.Rows.Count} rows x {frame.Columns.Count} columns\n{head}{more}";
    }

    /// <summary>The paged HTML table.</summary>
    public static string Render(DataFrame frame, int pageSize = PageSize, int maxRows = MaxRows)
    {
        if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize), $"page size must be at least 1, got {pageSize}");
        var total = frame.Rows.Count;
        var shown = (int)Math.Min(total, maxRows);
        var pages = Math.Max(1, (shown + pageSize - 1) / pageSize);
        var id = "kit-frame-" + Guid.NewGuid().ToString("N");
        var html = new StringBuilder($"<div class=\"kit-frame\" id=\"{id}\">");
        html.Append("<table class=\"kit-table\" style=\"border-collapse:collapse\"><thead><tr>");
        foreach (var c in frame.Columns)
            html.Append("<th style=\"text-align:left;border-bottom:1px solid #999;padding:2px 8px\" title=\"")
                .Append(WebUtility.HtmlEncode(c.DataType.Name)).Append("\">").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (var r = 0; r < shown; r++)
        {
            var page = r / pageSize;
            html.Append("<tr data-page=\"").Append(page).Append('"').Append(page == 0 ? "" : " style=\"display:none\"").Append('>');
            foreach (var c in frame.Columns)
            {
                var value = c[r];
                var align = CellText.IsNumeric(value) ? "right" : "left";
                html.Append("<td style=\"text-align:").Append(align).Append(";padding:2px 8px\">")
                    .Append(value is null ? "<span style=\"color:#999\">null</span>" : WebUtility.HtmlEncode(CellText.Readable(value))).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        var omitted = total > shown ? $"; the first {shown} of {total} are included" : "";
        html.Append("<div class=\"kit-frame-pager\" style=\"padding:4px 8px;color:#555\">");
        if (pages > 1)
            html.Append("<button type=\"button\" data-step=\"-1\">&lsaquo; prev</button> ")
                .Append("<span class=\"kit-frame-page\">page 1 of ").Append(pages).Append("</span> ")
                .Append("<button type=\"button\" data-step=\"1\">next &rsaquo;</button> ");
        html.Append($"<span>{total} rows x {frame.Columns.Count} columns{omitted}</span></div>");
        if (pages > 1)
            html.Append("<script>(function(){var root=document.getElementById('").Append(id).Append("');if(!root)return;")
                .Append("var page=0,pages=").Append(pages).Append(";function show(p){page=Math.max(0,Math.min(pages-1,p));")
                .Append("root.querySelectorAll('tbody tr').forEach(function(tr){tr.style.display=(+tr.getAttribute('data-page')===page)?'':'none';});")
                .Append("root.querySelector('.kit-frame-page').textContent='page '+(page+1)+' of '+pages;}")
                .Append("root.querySelectorAll('button[data-step]').forEach(function(b){b.onclick=function(){show(page+(+b.getAttribute('data-step')));};});})();</script>");
        return html.Append("</div>").ToString();
    }
}
