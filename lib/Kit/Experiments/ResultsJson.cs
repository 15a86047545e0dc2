using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Experiments;

/// <summary>
/// DIR/results.json: the table, the scale, and per row the setting, the paper's figures, the measured mean, spread,
/// range and per-seed values with wall times and result files, the resolved recipe, the checked claims and the summary.
/// Non-finite numbers (the std of a single seed) are written as null.
/// </summary>
internal static class ResultsJson
{
    public static string Write(AblationResults results)
    {
        var table = results.Ablation;
        var json = new JsonObject
        {
            ["table"] = table.Id,
            ["title"] = table.Title,
            ["source"] = table.Source,
            ["question"] = table.Question,
            ["note"] = table.Note,
            ["scale"] = JsonSerializer.SerializeToNode(results.Scale, CanonicalJson.Options),
            ["seeds"] = results.Seeds,
            ["kitVersion"] = StoredResult.CurrentKitVersion,
            ["store"] = results.StoreRoot,
            ["rows"] = new JsonArray(results.Rows.Select(Row).ToArray()),
            ["claims"] = new JsonArray(results.Checks.Select(Claim).ToArray()),
            ["summary"] = results.Summary(),
            ["problems"] = new JsonArray(results.Problems.Select(p => (JsonNode?)p).ToArray()),
        };
        return json.ToJsonString(CanonicalJson.Options);
    }

    private static JsonNode Row(RowResult r) => new JsonObject
    {
        ["setting"] = r.Label,
        ["group"] = r.Row.Group,
        ["x"] = N(r.Row.X),
        ["measure"] = EvaluationRecipe.Describe(r.Row.Recipe),
        ["paperTop1"] = r.Kind == MeasurementKind.PretrainLoss ? null : N(r.PaperValue),
        ["paperTop5"] = N(r.PaperTop5),
        ["paperValue"] = N(r.PaperValue),
        ["paperFigures"] = JsonSerializer.SerializeToNode(r.Row.Paper, CanonicalJson.Options),
        ["measuredMean"] = N(r.Stats.Mean),
        ["std"] = N(r.Stats.Std),
        ["min"] = N(r.Stats.Min),
        ["max"] = N(r.Stats.Max),
        ["top5Mean"] = N(r.Top5Mean),
        ["wallSeconds"] = N(r.WallSeconds),
        ["perSeed"] = new JsonArray(r.Seeds.Select(s => (JsonNode?)new JsonObject
        {
            ["seed"] = s.Seed,
            ["value"] = N(s.Value),
            ["top5"] = N(s.Top5),
            ["wallSeconds"] = N(s.WallSeconds),
            ["reused"] = s.Reused,
            ["key"] = s.Stored.Key,
            ["timings"] = JsonSerializer.SerializeToNode(s.Stored.Measurement.Timings, CanonicalJson.Options),
            ["hardware"] = JsonSerializer.SerializeToNode(s.Stored.Hardware, CanonicalJson.Options),
        }).ToArray()),
        ["recipe"] = JsonSerializer.SerializeToNode(r.Seeds[0].Stored.Recipe, CanonicalJson.Options),
    };

    private static JsonNode Claim(ClaimCheck c) => new JsonObject
    {
        ["claim"] = c.Claim.ToString(),
        ["source"] = c.Claim.Source,
        ["paperGap"] = N(c.Claim.PaperGap),
        ["verdict"] = c.Verdict.ToString(),
        ["measuredGap"] = N(c.MeasuredGap),
        ["spread"] = N(c.Spread),
        ["beyondSpread"] = c.BeyondSpread,
        ["measuredHighest"] = c.MeasuredHighest,
        ["reason"] = c.Reason,
    };

    private static JsonNode? N(double? v) => v is { } x && double.IsFinite(x) ? JsonValue.Create(x) : null;
}
