using System.Text.RegularExpressions;

namespace Kit.Kernel.Execution;

/// <summary>A <c>#r "nuget:Name, Version"</c> line of a cell (version optional).</summary>
internal sealed partial record NuGetDirective(string Name, string? Version)
{
    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"\s]+)\s*)?"\s*$""")]
    private static partial Regex Pattern();

    /// <summary>
    /// Finds the NuGet directives and returns the code with each such line replaced by a comment, keeping line numbers.
    /// </summary>
    public static (string Code, IReadOnlyList<NuGetDirective> Directives) Extract(string code)
    {
        var lines = code.Split('\n');
        var found = new List<NuGetDirective>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Pattern().Match(lines[i].TrimEnd('\r'));
            if (!match.Success) continue;
            var version = match.Groups["version"].Success ? match.Groups["version"].Value : null;
            found.Add(new NuGetDirective(match.Groups["name"].Value, version));
            lines[i] = "// " + lines[i].TrimEnd('\r');
        }
        return (string.Join('\n', lines), found);
    }

    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}
