using Kit.Display;
using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

/// <summary>
/// A cell that restores Microsoft.Data.Analysis with <c>#r "nuget: ..."</c> and ends in a DataFrame displays the kit's
/// paged HTML table: the package the cell loads and the one the display layer knows must be the same assembly, or the
/// frame would fall through to the generic formatter. Needs the NuGet feed (restores into a temporary cache).
/// </summary>
public sealed class DataFrameCellTests
{
    [Fact]
    public void ANuGetRestoredDataFrameDisplaysAsAPagedTable()
    {
        var cache = Directory.CreateTempSubdirectory("kit-kernel-df-").FullName;
        try
        {
            using var session = new ScriptSession(new NuGetRestorer(cache), _ => { });
            var outcome = session.Execute("#r \"nuget: Microsoft.Data.Analysis, 0.24.0\"\nusing Microsoft.Data.Analysis;\n"
                + "new DataFrame(new Int64DataFrameColumn(\"seed\", new long?[] { 0, 1 }), new DoubleDataFrameColumn(\"value\", new double?[] { 70.5, null }))",
                new CellContext("Cell[1]", CancellationToken.None));
            var ok = outcome as ExecutionOutcome.Success ?? throw new Xunit.Sdk.XunitException(string.Join("\n", ((ExecutionOutcome.Failure)outcome).Traceback));
            var bundle = MimeFormatter.Format(ok.Value);
            var html = (string)bundle.Data[MimeBundle.Html];
            Assert.Contains("class=\"kit-frame\"", html);
            Assert.Contains("title=\"Double\">value</th>", html);
            Assert.Contains(">70.5</td>", html);
            Assert.StartsWith("DataFrame: 2 rows x 2 columns", bundle.Text);
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }
}
