using System.Text.Json.Nodes;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class AblationCommandTests
{
    [Fact]
    public void ListShowsEveryTableWithRowsAndSource()
    {
        var output = new StringWriter();
        Assert.Equal(0, new AblationCommand(() => new FakeRowExecutor(), output).Run(new Args(["--list"])));
        var text = output.ToString();
        foreach (var t in Ablations.All) Assert.Contains($"{t.Id}", text);
        Assert.Contains("mme-t5     7 rows  reconstruction target (MME Table 5, M3Video Table 1)", text);
        Assert.Contains($"{Ablations.All.Count} tables", text);
    }

    [Fact]
    public void RunsATableWritesResultsAndReusesThemTheSecondTime()
    {
        using var dir = new TempDir();
        var executor = new FakeRowExecutor();
        var output = new StringWriter();
        var command = new AblationCommand(() => executor, output);
        try { command.Run(new Args(["mme-t8", "--scale", "smoke", "--seeds", "2", "--out", dir.Path])); }
        catch (FileNotFoundException e) when (e.Message.Contains("plotly")) { /* report.html needs plotly.js; results.json came first */ }
        Assert.Equal(4, executor.Calls);
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "results.json")))!;
        Assert.Equal(2, doc["rows"]!.AsArray().Count);
        Assert.Equal(2, doc["rows"]![0]!["perSeed"]!.AsArray().Count);
        Assert.Contains("Of the", output.ToString());

        var again = new StringWriter();
        try { new AblationCommand(() => executor, again).Run(new Args(["mme-t8", "--scale", "smoke", "--seeds", "2", "--out", dir.Path])); }
        catch (FileNotFoundException e) when (e.Message.Contains("plotly")) { }
        Assert.Equal(4, executor.Calls);
        Assert.Contains("(stored)", again.ToString());
    }

    [Fact]
    public void MistakesAreNamed()
    {
        var command = new AblationCommand(() => new FakeRowExecutor(), TextWriter.Null);
        Assert.Contains("mme-t5", Assert.Throws<UsageException>(() => command.Run(new Args(["nope", "--out", "x"]))).Message);
        Assert.Contains("smoke, quick, cpu, gpu, paper", Assert.Throws<UsageException>(() => command.Run(new Args(["mme-t5", "--scale", "big"]))).Message);
        Assert.Contains("--seeds", Assert.Throws<UsageException>(() => command.Run(new Args(["mme-t5", "--seeds", "0"]))).Message);
        Assert.Contains("--sed", Assert.Throws<UsageException>(() => command.Run(new Args(["mme-t5", "--sed", "2"]))).Message);
        Assert.Contains("manifest", Assert.Throws<ArgumentException>(() => command.Run(new Args(["mme-t5", "--scale", "paper"]))).Message);
        Assert.Throws<UsageException>(() => command.Run(new Args([])));
    }
}
