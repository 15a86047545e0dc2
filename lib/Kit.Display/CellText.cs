using System.Globalization;

namespace Kit.Display;

/// <summary>How a table cell value is written: invariant culture, short for reading, exact for CSV.</summary>
internal static class CellText
{
    /// <summary>For people: floating-point values with 6 significant digits.</summary>
    public static string Readable(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>For files: round-trippable numbers.</summary>
    public static string Exact(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Numbers are right-aligned in text and HTML.</summary>
    public static bool IsNumeric(object? value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;
}
