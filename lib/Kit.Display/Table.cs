using System.Reflection;

namespace Kit.Display;

/// <summary>
/// A results table: named columns and rows of values, the kit's stand-in for a DataFrame. Renders as an HTML table in
/// notebooks, as aligned text in terminals, and exports to CSV.
/// </summary>
public sealed class Table : IMimeRenderable
{
    private readonly List<object?[]> _rows = [];

    /// <summary>Creates an empty table with the given column names.</summary>
    public Table(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Length)
            throw new ArgumentException("Column names must be unique.", nameof(columns));
        Columns = columns;
    }

    /// <summary>Column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows, each with one value per column.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows => _rows;

    /// <summary>Optional caption shown above the table.</summary>
    public string? Title { get; init; }

    /// <summary>Appends a row; it must have one value per column.</summary>
    public Table AddRow(params object?[] values)
    {
        if (values.Length != Columns.Count)
            throw new ArgumentException($"Row has {values.Length} values but the table has {Columns.Count} columns.", nameof(values));
        _rows.Add((object?[])values.Clone());
        return this;
    }

    /// <summary>The values of one column.</summary>
    public IEnumerable<object?> Column(string name)
    {
        var index = Columns.ToList().IndexOf(name);
        if (index < 0) throw new KeyNotFoundException($"No column '{name}' (columns: {string.Join(", ", Columns)}).");
        return _rows.Select(r => r[index]);
    }

    /// <summary>
    /// Builds a table from records or other objects: one column per public readable property, in declaration order.
    /// </summary>
    public static Table From<T>(IEnumerable<T> items, string? title = null)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        var table = new Table(properties.Select(p => p.Name).ToArray()) { Title = title };
        foreach (var item in items)
            table.AddRow(properties.Select(p => p.GetValue(item)).ToArray());
        return table;
    }

    /// <summary>An HTML table (escaped; numbers right-aligned).</summary>
    public string ToHtml() => TableHtml.Render(this);

    /// <summary>RFC 4180 CSV with a header row; numbers in invariant culture at full precision.</summary>
    public string ToCsv() => TableCsv.Render(this);

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> (UTF-8, no BOM).</summary>
    public void WriteCsv(string path) => File.WriteAllText(path, ToCsv());

    /// <summary>Aligned plain text for terminals and the text/plain alternative.</summary>
    public override string ToString() => TableText.Render(this);

    /// <inheritdoc />
    public MimeBundle ToMimeBundle() => new MimeBundle(ToString()).With(MimeBundle.Html, ToHtml());
}
