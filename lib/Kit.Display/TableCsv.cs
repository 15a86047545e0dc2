using System.Text;

namespace Kit.Display;

/// <summary>Writes a <see cref="Table"/> as RFC 4180 CSV (quoted when a field holds a comma, quote or line break).</summary>
internal static class TableCsv
{
    public static string Render(Table table)
    {
        var csv = new StringBuilder();
        AppendRecord(csv, table.Columns);
        foreach (var row in table.Rows)
            AppendRecord(csv, row.Select(CellText.Exact));
        return csv.ToString();
    }

    private static void AppendRecord(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
