using Kit.Display;
using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

/// <summary>
/// The notebooks' route: a cell references the built Kit.dll (as the numbered notebooks' setup cell does) and ends in
/// a DataFrame the kit made (results, metrics, benchmarks). The frame must reach the display layer as the same
/// DataFrame type the kernel's Kit.Display knows, or it would lose its paged table.
/// </summary>
public sealed class KitDataFrameCellTests
{
    private static string KitDll()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Kit.sln")))
                return Path.Combine(d.FullName, "lib", "Kit", "bin", "Release", "net10.0", "Kit.dll");
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void AFrameFromTheKitDisplaysAsThePagedTable()
    {
        var kit = KitDll();
        Assert.True(File.Exists(kit), $"{kit} is not built: dotnet build Kit.sln -c Release");
        using var session = new ScriptSession(new NuGetRestorer(Path.GetTempPath()), _ => { });
        var outcome = session.Execute($"#r \"{kit}\"\nKit.Experiments.JsonFrame.FromJson(\"[{{\\\"seed\\\": 1, \\\"value\\\": 70.5}}, {{\\\"seed\\\": 2, \\\"value\\\": 71}}]\", \"cell\")",
            new CellContext("Cell[1]", CancellationToken.None));
        var ok = outcome as ExecutionOutcome.Success ?? throw new Xunit.Sdk.XunitException(string.Join("\n", ((ExecutionOutcome.Failure)outcome).Traceback));
        var bundle = MimeFormatter.Format(ok.Value);
        Assert.Contains("class=\"kit-frame\"", (string)bundle.Data[MimeBundle.Html]);
        Assert.Contains(">70.5</td>", (string)bundle.Data[MimeBundle.Html]);
        Assert.StartsWith("DataFrame: 2 rows x 2 columns", bundle.Text);
    }
}
