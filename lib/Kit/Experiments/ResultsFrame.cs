using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;

namespace Kit.Experiments;

/// <summary>
/// The kit's outputs as <see cref="DataFrame"/>s (Microsoft.Data.Analysis), for group-by, joins and CSV in a notebook:
/// ablation results with one row per table row and seed, the recipe flattened into "recipe.*" columns; a run's
/// metrics.jsonl with one row per logged step; benchmark results (the records `kit bench ... --json` prints) with
/// one row per record. Column types follow <see cref="JsonFrame"/>; the measured and paper values are always double,
/// and a recipe's component parameters (strings in the recipe) are typed when every value reads as a number or a bool.
/// </summary>
public static class ResultsFrame
{
    /// <summary>Columns of an ablation frame that hold measurements or figures: double even when every value is whole.</summary>
    public static IReadOnlyList<string> DoubleColumns { get; } = ["x", "paperValue", "paperTop5", "value", "top5", "wallSeconds"];

    /// <summary>One row per (table row, seed) of a run's results, exactly the values its results.json records.</summary>
    public static DataFrame ToDataFrame(this AblationResults results) => FromResultsJson(ResultsJson.Write(results), results.Ablation.Id);

    /// <summary>Reads DIR/results.json (the path of the file or of its folder) as <see cref="ToDataFrame"/> builds it.</summary>
    public static DataFrame LoadResults(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "results.json") : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"results file '{file}' does not exist (kit ablation writes DIR/results.json)", file);
        return FromResultsJson(File.ReadAllText(file), file);
    }

    /// <summary>
    /// Columns: table, scale, setting, group, x, measure, paperValue, paperTop5, then the seed's seed, value, top5,
    /// wallSeconds, reused, key, timings.*, hardware.*, then recipe.* (the resolved recipe, flattened).
    /// </summary>
    /// <param name="json">the text of a results.json.</param>
    /// <param name="where">its name, for errors.</param>
    public static DataFrame FromResultsJson(string json, string where)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{where}: not a results.json object");
        var rows = root["rows"] as JsonArray ?? throw new InvalidDataException($"{where}: no \"rows\" array (is it a results.json written by kit ablation?)");
        var scale = root["scale"]?["name"]?.GetValue<string>();
        var records = new List<JsonObject>();
        foreach (var row in rows.OfType<JsonObject>())
        {
            var seeds = row["perSeed"] as JsonArray ?? throw new InvalidDataException($"{where}: row '{row["setting"]}' has no perSeed array");
            foreach (var seed in seeds.OfType<JsonObject>())
            {
                var r = new JsonObject
                {
                    ["table"] = root["table"]?.DeepClone(),
                    ["scale"] = scale,
                    ["setting"] = row["setting"]?.DeepClone(),
                    ["group"] = row["group"]?.DeepClone(),
                    ["x"] = row["x"]?.DeepClone(),
                    ["measure"] = row["measure"]?.DeepClone(),
                    ["paperValue"] = row["paperValue"]?.DeepClone(),
                    ["paperTop5"] = row["paperTop5"]?.DeepClone(),
                };
                foreach (var (k, v) in seed) r[k] = v?.DeepClone();
                r["recipe"] = row["recipe"]?.DeepClone();
                records.Add(r);
            }
        }
        return TypedParameters(WithDoubles(JsonFrame.FromObjects(records), DoubleColumns));
    }

    /// <summary>
    /// A component's parameters are strings in a recipe (<see cref="ComponentRef"/>); columns of them become double
    /// when every value reads as an invariant-culture number ("0.9"), bool when every value is "true" or "false".
    /// </summary>
    private static DataFrame TypedParameters(DataFrame frame) => new(frame.Columns.Select(c =>
    {
        if (c is not StringDataFrameColumn s || !c.Name.Contains(".parameters.", StringComparison.Ordinal) || s.NullCount == s.Length) return c.Clone();
        var values = s.ToList();
        if (values.All(v => v is null || v is "true" or "false"))
            return new BooleanDataFrameColumn(c.Name, values.Select(v => v is null ? (bool?)null : v == "true"));
        if (values.All(v => v is null || double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            return new DoubleDataFrameColumn(c.Name, values.Select(v => v is null ? (double?)null : double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
        return c.Clone();
    }));

    /// <summary>A run's metrics.jsonl (the file, or the run folder holding it): one row per logged step.</summary>
    public static DataFrame LoadMetrics(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "metrics.jsonl") : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"metrics file '{file}' does not exist (kit pretrain/finetune write DIR/metrics.jsonl)", file);
        var lines = File.ReadAllLines(file).Select((l, i) => (Line: l, Number: i + 1)).Where(x => x.Line.Length > 0);
        var rows = lines.Select(x => JsonNode.Parse(x.Line) as JsonObject ?? throw new InvalidDataException($"{file}:{x.Number}: not a JSON object")).ToList();
        // Losses and rates are real numbers even where a logged value happens to be whole.
        var doubles = rows.SelectMany(r => r.Select(kv => kv.Key)).Distinct().Where(k => k is not ("phase" or "step" or "total_steps")).ToList();
        return WithDoubles(JsonFrame.FromObjects(rows), doubles);
    }

    /// <summary>Benchmark or any other result records (<c>TrainBenchResult</c>, <c>EngineBenchResult</c>...): one row per record, nested records flattened.</summary>
    public static DataFrame FromRecords<T>(IEnumerable<T> records) =>
        JsonFrame.FromObjects(records.Select(r => JsonSerializer.SerializeToNode(r, CanonicalJson.Options) as JsonObject
            ?? throw new ArgumentException($"a {typeof(T).Name} does not serialise to a JSON object")));

    /// <summary>A saved `kit bench ... --json` output (an object or an array of objects).</summary>
    public static DataFrame LoadBench(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"benchmark output '{path}' does not exist", path);
        return JsonFrame.FromJson(File.ReadAllText(path), path);
    }

    /// <summary>Turns the named int64 columns (whole numbers only) into double columns; other columns are kept.</summary>
    private static DataFrame WithDoubles(DataFrame frame, IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        return new DataFrame(frame.Columns.Select(c => !wanted.Contains(c.Name) ? c.Clone() : c switch
        {
            Int64DataFrameColumn ints => new DoubleDataFrameColumn(c.Name, ints.Select(v => v is { } x ? (double?)x : null)),
            StringDataFrameColumn s when s.NullCount == s.Length => new DoubleDataFrameColumn(c.Name, c.Length),
            _ => c.Clone(),
        }));
    }
}
