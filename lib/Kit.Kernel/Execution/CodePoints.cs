using System.Text;

namespace Kit.Kernel.Execution;

/// <summary>Jupyter counts cursor positions in Unicode code points; .NET strings index UTF-16 units.</summary>
internal static class CodePoints
{
    /// <summary>The UTF-16 index of the code point at <paramref name="codePoint"/> (clamped to the text).</summary>
    public static int ToUtf16(string text, int codePoint)
    {
        var index = 0;
        for (var seen = 0; seen < codePoint && index < text.Length; seen++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        return index;
    }

    /// <summary>The number of code points before UTF-16 index <paramref name="utf16"/>.</summary>
    public static int FromUtf16(string text, int utf16) => text.AsSpan(0, Math.Min(utf16, text.Length)).EnumerateRunes().Count();

    /// <summary>The code-point length of <paramref name="text"/>.</summary>
    public static int Length(string text) => FromUtf16(text, text.Length);

    private static StringRuneEnumerator EnumerateRunes(this ReadOnlySpan<char> span) => new string(span).EnumerateRunes();
}
