using System.Text.Json.Nodes;
using Kit.Cli;
using Kit.Cli.Commands;

namespace Kit.Tests.Targets;

/// <summary>`kit bench targets` (BenchTargets.cs): the yardsticks it reports, not its timings.</summary>
public class BenchTargetsCommandTests
{
    [Fact]
    public void ReportsEachRowAgainstTheStrictStepAndItsRecipesStep()
    {
        var output = new StringWriter();
        Assert.Equal(0, new BenchTargets(output).Run(new Args(["--scales", "cpu", "--reps", "1", "--loop-steps", "0", "--only", "trajectory", "--json"])));
        var text = output.ToString();
        var doc = JsonNode.Parse(text[text.IndexOf('{')..])!;
        var scale = doc["cpu"]!;
        var steps = scale["train_steps_by_mask_ratio"]!.AsObject();
        Assert.True(steps.ContainsKey("0.9") && steps.ContainsKey("0.7"), steps.ToJsonString());
        var row = scale["rows"]!["target:trajectory"]!;
        Assert.Equal("MME ablation", row["recipe"]!.GetValue<string>());
        Assert.Equal(0.7, row["recipe_mask_ratio"]!.GetValue<double>());
        var ms = row["ms_per_batch"]!.GetValue<double>();
        Assert.Equal(ms / steps["0.9"]!["ms"]!.GetValue<double>(), row["fraction_of_train_step"]!.GetValue<double>(), 9);
        Assert.Equal(ms / steps["0.7"]!["ms"]!.GetValue<double>(), row["fraction_of_recipe_step"]!.GetValue<double>(), 9);
        Assert.Null(scale["rows"]!["target:pixel"]); // --only
    }
}
