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
        Assert.Equal(6, executor.Calls);
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "results.json")))!;
        Assert.Equal(3, doc["rows"]!.AsArray().Count);
        Assert.Equal(2, doc["rows"]![0]!["perSeed"]!.AsArray().Count);
        Assert.Contains("Of the", output.ToString());

        var again = new StringWriter();
        try { new AblationCommand(() => executor, again).Run(new Args(["mme-t8", "--scale", "smoke", "--seeds", "2", "--out", dir.Path])); }
        catch (FileNotFoundException e) when (e.Message.Contains("plotly")) { }
        Assert.Equal(6, executor.Calls);
        Assert.Contains("(stored)", again.ToString());
    }

    [Fact]
    public void MeasureProbeMeasuresFineTunedRowsByAProbeAndSaysSo()
    {
        using var dir = new TempDir();
        var kinds = new List<MeasurementKind>();
        var executor = new FakeRowExecutor((r, seed) => { lock (kinds) kinds.Add(r.Evaluation.Kind); return 10; });
        var output = new StringWriter();
        try { new AblationCommand(() => executor, output).Run(new Args(["mme-t5", "--scale", "smoke", "--rows", "Pixel;Traj", "--measure", "probe", "--out", dir.Path])); }
        catch (FileNotFoundException e) when (e.Message.Contains("plotly")) { }
        Assert.Equal([MeasurementKind.LinearProbeTop1, MeasurementKind.LinearProbeTop1], kinds);
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "results.json")))!;
        Assert.Equal("linear-probe top-1 %", (string?)doc["rows"]![0]!["measure"]);
        Assert.Contains("instead of fine-tuning", (string?)doc["note"]);

        var table = Ablations.Get("mme-t4");
        Assert.Same(table, table.MeasuredBy(MeasurementKind.LinearProbeTop1)); // already probed: unchanged
        Assert.Throws<ArgumentException>(() => table.MeasuredBy(MeasurementKind.PretrainLoss));
        var command = new AblationCommand(() => new FakeRowExecutor(), TextWriter.Null);
        Assert.Contains("--measure", Assert.Throws<UsageException>(() => command.Run(new Args(["mme-t5", "--measure", "fast"]))).Message);
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
