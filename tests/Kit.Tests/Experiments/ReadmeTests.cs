using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ReadmeTests
{
    [Fact]
    public void TheNotebookTableNamesEveryAblationOnce()
    {
        var readme = File.ReadAllText(Path.Combine(TestUtil.RepoRoot(), "lib", "Kit", "Experiments", "README.md"));
        var notebookRows = readme.Split('\n').Where(l => l.StartsWith("| notebooks/", StringComparison.Ordinal)).ToList();
        var listed = notebookRows.SelectMany(l => l.Split('|')[2].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(id => !id.StartsWith('(')).ToList();
        Assert.Equal(Ablations.All.Select(t => t.Id).Order(), listed.Order());
        var numbers = notebookRows.Select(l => l[12..14]).ToList();
        Assert.Equal(Enumerable.Range(0, numbers.Count).Select(i => i.ToString("00")), numbers);
    }
}
