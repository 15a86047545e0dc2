using System.Text;

namespace Kit.Display;

/// <summary>Renders a <see cref="Table"/> as aligned columns of plain text for terminals.</summary>
internal static class TableText
{
    public static string Render(Table table)
    {
        var cells = table.Rows.Select(r => r.Select(CellText.Readable).ToArray()).ToList();
        var widths = table.Columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        if (table.Title is not null) text.AppendLine(table.Title);
        text.AppendLine(string.Join("  ", table.Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        for (var r = 0; r < cells.Count; r++)
        {
            var line = cells[r].Select((v, i) => CellText.IsNumeric(table.Rows[r][i]) ? v.PadLeft(widths[i]) : v.PadRight(widths[i]));
            text.AppendLine(string.Join("  ", line).TrimEnd());
        }
        return text.ToString().TrimEnd('\r', '\n');
    }
}
